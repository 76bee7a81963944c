"""An uploaded file (CSV, XLSX, JSON, Markdown, or a ZIP holding a Markdown file and its
images) imported, or previewed, as one source, all or nothing.

Images are brought in as the file is read (questions.importer.images), so the whole run is
one transaction: a preview rolls it back and deletes the files of the figures it stored,
as does an import that fails; only a confirmed import keeps them, owned by its source.
Remote images are fetched (when ticked) for the preview and again on confirm.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from questions.figures import Figure
from questions.importer.images import (
    ImportImages,
    archive_folder,
    discard_files,
    markdown_in_archive,
    new_figures,
)
from questions.importer.metadata import check_metadata, split_front_matter
from questions.importer.parsing import (
    ImportProblem,
    decode_question_text,
    parse_questions,
    too_big,
)
from questions.importer.sources import ImportRefused, ImportReport
from questions.importer.tables import import_table
from questions.importer.writing import import_markdown
from questions.limits import IMPORT_MAX_BYTES
from questions.models import Source
from questions.safezip import ZipRefused, open_safe_zip


def run_import(
    raw: bytes,
    *,
    fmt: str,
    key: str,
    name: str,
    dry_run: bool,
    download: bool = False,
    label: str = "",
) -> ImportReport:
    """Import (or preview) one uploaded file of format `fmt` (csv, xlsx, json, md or zip);
    raises ImportRefused with what is wrong, having written nothing."""
    with new_figures() as created:
        try:
            with transaction.atomic():
                report = _run(
                    raw,
                    fmt=fmt,
                    key=key,
                    name=name,
                    dry_run=dry_run,
                    download=download,
                    label=label,
                )
                if dry_run:
                    transaction.set_rollback(True)
                elif created:
                    source = Source.objects.get(key=key)
                    Figure.objects.filter(pk__in=[f.pk for f in created]).update(origin=source)
        except BaseException:
            discard_files(created)
            raise
        if dry_run:
            discard_files(created)
    return report


def _run(raw, *, fmt, key, name, dry_run, download, label) -> ImportReport:
    images = ImportImages(download=download)
    try:
        if fmt in ("csv", "xlsx", "json"):
            report = import_table(
                raw, fmt=fmt, key=key, name=name, dry_run=dry_run, prepare=images.localise
            )
        else:
            if fmt == "zip":
                raw = _markdown_from_zip(raw, images, label=label or name)
            report = _import_markdown(raw, images, key=key, name=name, dry_run=dry_run)
    except ImportRefused as refused:
        if refused.report is not None:
            refused.report.image_notes = images.notes
        raise
    report.image_notes = images.notes
    return report


def _markdown_from_zip(raw: bytes, images: ImportImages, *, label: str) -> bytes:
    """The Markdown file's bytes; `images` learns the archive and the file's folder."""
    try:
        archive = open_safe_zip(raw, label=label)
        member = markdown_in_archive(archive)
        size = next(m.size for m in archive.members if m.name == member)
        if size > IMPORT_MAX_BYTES:
            raise ImportRefused(too_big(size))
        text = archive.read(member)
    except ZipRefused as refused:
        raise ImportRefused(refused.message) from refused
    images.archive, images.base = archive, archive_folder(member)
    return text


def _import_markdown(raw, images, *, key, name, dry_run) -> ImportReport:
    try:
        front, text = split_front_matter(decode_question_text(raw))
        parsed = parse_questions(text)
        metadata = check_metadata(front, parsed, where=_("front matter")) if front else None
    except ImportProblem as problem:
        lines = "; ".join(
            (_("line %(line)d: %(message)s") % {"line": line, "message": message})
            if line
            else message
            for line, message in problem.problems
        )
        raise ImportRefused(
            _("The file cannot be imported, so nothing was: %(problems)s") % {"problems": lines}
        ) from problem
    return import_markdown(
        parsed,
        key=key,
        name=name,
        metadata=metadata,
        dry_run=dry_run,
        prepare=images.localise,
    )

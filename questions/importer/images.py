"""The images an uploaded file brings: those beside a Markdown file in a ZIP, and remote
http(s) images when the admin ticks *download remote images*.

A ZIP our Markdown export wrote also holds `figures.json`, each figure's original name and
description by its path, so a figure comes back as it was, not only its bytes.

`ImportImages.localise(items)` rewrites the answers and editor's additions of an import's
items to point at figures and keeps the notes for the preview. Figures are stored as they
are found, so `new_figures()` collects the ones a block creates: a preview (or an import
that fails) removes their files after its transaction rolls back their rows, and nothing
is left behind unless the admin confirms.
"""

import contextvars
import json
import posixpath
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from questions.figures import Figure
from questions.figures_import import localise_remote_images, localise_zip_images
from questions.figures_store import FigureRefused, figure_from_bytes
from questions.importer.sources import ImportedQuestion, ImportRefused
from questions.safezip import SafeZip

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".txt")
FIGURES_MANIFEST = "figures.json"

_created: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "questions_new_figures", default=None
)


def _collect(sender, instance, created, **kwargs):
    bucket = _created.get()
    if created and bucket is not None:
        bucket.append(instance)


post_save.connect(_collect, sender=Figure, dispatch_uid="questions.importer.images")


@contextmanager
def new_figures():
    """The figures created in this block (in this thread or task only), in a list."""
    bucket: list[Figure] = []
    token = _created.set(bucket)
    try:
        yield bucket
    finally:
        _created.reset(token)


def discard_files(figures: list[Figure]) -> None:
    """Delete the stored files of figures whose rows were rolled back."""
    for figure in figures:
        if figure.file.name:
            figure.file.storage.delete(figure.file.name)


@dataclass
class ImportImages:
    """How one import treats images, and the notes it gathers for the preview."""

    archive: SafeZip | None = None
    base: str = ""  # the Markdown file's folder in the archive
    download: bool = False
    notes: list[str] = field(default_factory=list)
    _from_zip: dict = field(default_factory=dict)
    _remote: dict = field(default_factory=dict)

    def localise(self, items: list[ImportedQuestion]) -> None:
        if self.archive is not None:
            self._described_figures()
        for item in items:
            item.answer_md = self.text(item.answer_md)
            item.supplement_md = self.text(item.supplement_md)

    def text(self, markdown: str) -> str:
        if not markdown:
            return markdown
        if self.archive is not None:
            markdown, notes = localise_zip_images(
                markdown, archive=self.archive, base=self.base, cache=self._from_zip
            )
            self.notes += notes
        markdown, notes = localise_remote_images(
            markdown, download=self.download, cache=self._remote
        )
        self.notes += notes
        return markdown

    def _described_figures(self) -> None:
        """Store the figures `figures.json` describes, with their names and descriptions,
        ready for the references to them."""
        name = posixpath.join(self.base, FIGURES_MANIFEST)
        if name not in self.archive:
            return
        try:
            manifest = json.loads(self.archive.read(name))
            entries = [
                (path, str(entry.get("name", "")), str(entry.get("alt", "")))
                for path, entry in manifest.items()
            ]
        except (ValueError, AttributeError, TypeError):
            raise ImportRefused(
                _("%(name)s in the archive cannot be read; remove it or fix it.")
                % {"name": FIGURES_MANIFEST}
            ) from None
        for path, original, alt in entries:
            member = posixpath.normpath(posixpath.join(self.base, path))
            if member not in self.archive:
                continue
            try:
                figure = figure_from_bytes(self.archive.read(member), name=original, alt=alt)
            except FigureRefused as refused:
                self.notes.append(refused.message)
                continue
            self._from_zip[member] = figure.markdown_url
            self.notes.append(
                _("%(name)s was brought in from the archive.") % {"name": original or path}
            )


def markdown_in_archive(archive: SafeZip) -> str:
    """The name of the one Markdown file in the archive, or ImportRefused."""
    names = [
        name
        for name in archive.names()
        if name.lower().endswith(MARKDOWN_EXTENSIONS)
        and not any(part.startswith((".", "__MACOSX")) for part in name.split("/"))
    ]
    if len(names) != 1:
        raise ImportRefused(
            _(
                "A ZIP must hold exactly one Markdown file (.md), with its images beside it; "
                "this one holds %(count)d."
            )
            % {"count": len(names)}
        )
    return names[0]


def archive_folder(name: str) -> str:
    return posixpath.dirname(name)

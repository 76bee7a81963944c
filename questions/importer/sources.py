"""Importing a source's questions: the one door every importer goes through.

A question's identity is (its Source, the source's own key for it): a Markdown file's
`q01`, a table row's slug, an Anki note's GUID. Importing one source never touches another
source's questions (nor questions written in the admin); re-importing a source updates its
own in place and never deletes. Slugs stay as they are once given, so URLs hold.

A new question's slug: the one it asks for (`ImportedQuestion.slug`); if another source's
question already has it, the import is refused with a message naming that question. A
question that asks for none gets one derived from its key (or title), made unique by
putting the source's name in front (`<source>-q01`) and then a counter.

All or nothing: every item is checked first, and the writes run in one transaction; a dry
run rolls it back. Answers keep what they were shown (the interview snapshots the title,
answer and key points when a question is shown), so updating a question rewrites no history.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from questions.importer.checks import MAX_SLUG_CHARS, derived_slug, item_problems
from questions.importer.saving import create_question, relate, topics, update_question
from questions.models import Question, Source

# How many row problems a refusal's message spells out; the report's rows hold them all.
MESSAGE_PROBLEMS = 5


@dataclass
class ImportedQuestion:
    key: str  # the source's own key (slug, note GUID, ...)
    title: str
    answer_md: str
    supplement_md: str = ""
    slug: str = ""  # wanted slug; derived from key/title when empty
    number: int | None = None
    tags: list[tuple[str, str, str]] = field(default_factory=list)  # (slug, name_zh, name_en)
    difficulty: int | None = None
    answer_minutes: int | None = None
    key_points: list[dict] | None = None  # {"label_zh","label_en","aliases":[[...]],"essential"}
    line: int | None = None  # where it came from, for messages
    # Keys of other items of the same import this one is related to (both ways); None
    # leaves the relations as they are.
    related: list[str] | None = None


@dataclass
class ImportRow:
    """What the import does (or would do) with one item."""

    key: str
    slug: str
    title: str
    status: str  # "new", "changed", "unchanged" or "error"
    message: str = ""
    line: int | None = None
    fields: list[str] = field(default_factory=list)  # changed fields, or the faulty ones


@dataclass
class ImportReport:
    source_key: str = ""
    source_name: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What became of the images the file shows (brought in, or left as placeholders, and why).
    image_notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == "error"]


class ImportRefused(Exception):
    """Nothing was imported; `message` says why, `report.rows` shows every row."""

    def __init__(self, message: str, report: ImportReport | None = None):
        self.message = message
        self.report = report
        super().__init__(message)


def import_source(
    *, key: str, name: str, kind: str, items: list[ImportedQuestion], dry_run: bool
) -> ImportReport:
    """Bring the source `key` in line with `items`; refuse the whole import on any fault."""
    report = ImportReport(source_key=key, source_name=name)
    if not items:
        raise ImportRefused(_("The file holds no questions; nothing was imported."), report)
    with transaction.atomic():
        source = Source.objects.filter(key=key).first()
        existing = {}
        if source is not None:
            existing = {
                question.origin_key: question
                for question in source.questions.prefetch_related("tags", "key_points")
            }
        slugs = _assign_slugs(items, existing, source, name)
        _check(items, existing, slugs, report)
        if report.errors:
            raise ImportRefused(_refusal(report, len(items)), report)
        if source is None:
            source = Source.objects.create(key=key, name=name, kind=kind)
        elif source.name != name:
            source.name = name
            source.save(update_fields=["name", "updated_at"])
        tags = topics(items, report)
        questions = {}
        for position, (item, row) in enumerate(zip(items, report.rows, strict=True), start=1):
            question = existing.get(item.key)
            if question is None:
                question = create_question(item, source, slugs[item.key], position, tags)
            else:
                row.fields = update_question(question, item, tags)
                row.status = "changed" if row.fields else "unchanged"
            questions[item.key] = question
        relate(items, questions, report)
        for row in report.rows:
            {"new": report.created, "changed": report.updated}.get(
                row.status, report.unchanged
            ).append(row.slug)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _assign_slugs(items, existing, source, name) -> dict[str, str]:
    """Each item's slug: an existing question keeps its own; a new one gets the one it asks
    for, or a derived one that no other question has."""
    slugs = {item.key: existing[item.key].slug for item in items if item.key in existing}
    wanted = {item.key: item.slug for item in items if item.key not in slugs and item.slug}
    slugs |= wanted
    derived = [item for item in items if item.key not in slugs and isinstance(item.key, str)]
    if not derived:
        return slugs
    prefix = slugify(name.rsplit(".", 1)[0])[:30].strip("-") or "import"
    bases = {item.key: derived_slug(item.key, item.title) for item in derived}
    candidates = set(bases.values()) | {f"{prefix}-{base}" for base in bases.values()}
    taken = set(Question.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    taken |= set(slugs.values())
    for item in derived:
        base = bases[item.key]
        slug = base
        if slug in taken:
            slug = f"{prefix}-{base}"[:MAX_SLUG_CHARS]
        counter = 2
        while slug in taken or Question.objects.filter(slug=slug).exists():
            slug = f"{prefix}-{base}"[: MAX_SLUG_CHARS - 4] + f"-{counter}"
            counter += 1
        taken.add(slug)
        slugs[item.key] = slug
    return slugs


def _check(items, existing, slugs, report) -> None:
    """A row per item: its faults, or "new"/"unchanged" until the writes say more."""
    holders = {
        question.slug: question
        for question in Question.objects.filter(slug__in=set(slugs.values())).select_related(
            "origin"
        )
    }
    first_line: dict[str, int | None] = {}
    first_slug: dict[str, str] = {}
    for item in items:
        problems = item_problems(item)
        slug = slugs.get(item.key, item.slug)
        if not problems and item.key in first_line:
            what, value = (_("slug"), item.slug) if item.slug else (_("key"), item.key)
            problems.append(("key", _duplicate(what, value, first_line[item.key])))
        if not problems and slug in first_slug and first_slug[slug] != item.key:
            problems.append(("slug", _duplicate(_("slug"), slug, first_line[first_slug[slug]])))
        holder = holders.get(slug)
        if not problems and item.key not in existing and holder is not None:
            problems.append(("slug", _held_by(slug, holder)))
        first_line.setdefault(item.key, item.line)
        first_slug.setdefault(slug, item.key)
        status = "error" if problems else ("unchanged" if item.key in existing else "new")
        report.rows.append(
            ImportRow(
                key=item.key,
                slug=slug or "",
                title=item.title,
                status=status,
                message=" ".join(message for _field, message in problems),
                line=item.line,
                fields=sorted({name for name, _message in problems}),
            )
        )


def _duplicate(what: str, value: str, line: int | None) -> str:
    if line is None:
        return _("The %(what)s “%(value)s” appears twice in the file.") % {
            "what": what,
            "value": value,
        }
    return _("The %(what)s “%(value)s” appears twice in the file (first at row %(line)d).") % {
        "what": what,
        "value": value,
        "line": line,
    }


def _held_by(slug: str, holder: Question) -> str:
    """Why a new question cannot take `slug`: another question (named) has it."""
    if holder.origin is None:
        owner = _("written in the admin")
    else:
        owner = _("from the source “%(source)s”") % {"source": holder.origin.name}
    return _(
        "The slug “%(slug)s” belongs to the question “%(title)s” %(owner)s; an import never "
        "changes another source's questions. Give this row another slug."
    ) % {"slug": slug, "title": holder.title, "owner": owner}


def _refusal(report: ImportReport, total: int) -> str:
    errors = report.errors
    shown = "; ".join(
        (_("row %(line)s: %(message)s") % {"line": row.line, "message": row.message})
        if row.line is not None
        else row.message
        for row in errors[:MESSAGE_PROBLEMS]
    )
    return _(
        "%(count)d of %(total)d questions have problems, so nothing was imported: %(problems)s"
    ) % {"count": len(errors), "total": total, "problems": shown}

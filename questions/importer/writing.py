"""A Markdown file and its metadata become one source's questions, through import_source.

The file is its own source (`markdown:<file name>` unless named otherwise); each question's
key in it is the slug its heading gives (`q01`, the second `# 09.` is `q09-2`). So a new
file numbered 1-3 makes three new questions of its own and never touches the seed's
q01-q03; re-importing the same file updates its questions in place.
"""

from collections.abc import Callable

from questions.importer.parsing import ParsedQuestion
from questions.importer.sources import ImportedQuestion, ImportReport, import_source
from questions.models import Source


def markdown_source_key(name: str) -> str:
    return f"markdown:{name}"[: Source._meta.get_field("key").max_length]


def markdown_items(parsed: list[ParsedQuestion], metadata: dict | None) -> list[ImportedQuestion]:
    """The parsed questions with what the metadata says about each."""
    metadata = metadata or {}
    names = {tag["slug"]: (tag["name_zh"], tag["name_en"]) for tag in metadata.get("tags", [])}
    question_meta = metadata.get("questions", {})
    items = []
    for question in parsed:
        item = ImportedQuestion(
            key=question.slug,
            title=question.title,
            answer_md=question.answer_md,
            number=question.number,
            line=question.line,
        )
        meta = question_meta.get(question.slug)
        if meta is not None:
            item.slug = meta.get("slug", "")
            item.supplement_md = meta.get("supplement", "")
            item.tags = [(slug, *names[slug]) for slug in meta.get("tags", [])]
            item.difficulty = meta.get("difficulty")
            item.answer_minutes = meta.get("minutes")
            item.key_points = meta.get("key_points")
        if question_meta:
            item.related = meta.get("related", []) if meta else []
        items.append(item)
    return items


def import_markdown(
    parsed: list[ParsedQuestion],
    *,
    name: str,
    key: str = "",
    metadata: dict | None = None,
    dry_run: bool,
    prepare: Callable[[list[ImportedQuestion]], None] | None = None,
) -> ImportReport:
    """Import the parsed file as the source called `name` (whose key is `key`, by default
    the Markdown key of that name); raises ImportRefused. `prepare` may rewrite the items
    first (their images: questions.importer.images)."""
    items = markdown_items(parsed, metadata)
    if prepare is not None:
        prepare(items)
    report = import_source(
        key=key or markdown_source_key(name),
        name=name,
        kind=_existing_kind(key) or Source.Kind.MARKDOWN,
        items=items,
        dry_run=dry_run,
    )
    meta = (metadata or {}).get("questions", {})
    for question in parsed:
        if not question.answer_md and not meta.get(question.slug, {}).get("supplement"):
            report.warnings.append(f"line {question.line}: {question.slug} has no answer text")
    return report


def _existing_kind(key: str) -> str | None:
    """A source keeps its kind when another format updates it (a table edit of the seed)."""
    return Source.objects.filter(key=key).values_list("kind", flat=True).first() if key else None

"""The question bank as a table (CSV, XLSX, JSON), with django-import-export.

One row per question. Topics and key points travel as text an editor can type:

- tags: one topic per line (or separated by ";"), each `slug | 中文名 | English name`;
  a topic the bank already has may be given by its slug alone.
- key_points: one key point per paragraph (points separated by a blank line): its Chinese
  label (a leading `!` marks it essential), its English label, then one alias group per
  line in the admin's `a | b` form, and any synonyms (phrases that make the point in other
  words) one per line after `≈ `: `≈ 训练…高效`.
- related: the slugs of related questions of the same file, one per line (or ";").

In CSV and XLSX, a cell that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) is written with a leading apostrophe, as is one that starts
with an apostrophe; the import takes that one apostrophe off again, so text round-trips.
"""

import re

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources

from questions.models import Question

COLUMNS = [
    "slug",
    "number",
    "title",
    "answer_md",
    "supplement_md",
    "tags",
    "difficulty",
    "answer_minutes",
    "key_points",
    "related",
]
REQUIRED_COLUMNS = ["slug", "title", "answer_md"]
# Written on export for the reader; an import takes its source from the upload form.
INFORMATIVE_COLUMNS = ["source"]
ALIAS_SEPARATOR = re.compile(r"[|｜]")
TOPIC_SEPARATOR = re.compile(r"[;\n]")
ESSENTIAL_MARK = "!"
SYNONYM_MARK = "≈"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def quote_formula(value):
    """A cell as a spreadsheet should show it: text it would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def unquote_formula(value):
    """A cell as quote_formula was given it (a hand-written `'text` stays as it is)."""
    quoted = isinstance(value, str) and value.startswith(QUOTE)
    if quoted and value[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return value[1:]
    return value


def spreadsheet_safe(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([quote_formula(cell) for cell in row])
    return safe


def spreadsheet_read(dataset: tablib.Dataset) -> tablib.Dataset:
    plain = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        plain.append([unquote_formula(cell) for cell in row])
    return plain


class CellProblem(ValueError):
    """A cell that cannot be read; the message says how it should look."""


def format_tags(tags) -> str:
    return "\n".join(f"{tag.slug} | {tag.name_zh} | {tag.name_en}" for tag in tags)


def parse_tags(text: str, known: dict[str, tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The topics of a cell; `known` maps the bank's topic slugs to (slug, zh, en)."""
    topics = []
    for entry in TOPIC_SEPARATOR.split(text or ""):
        if not entry.strip():
            continue
        parts = [part.strip() for part in ALIAS_SEPARATOR.split(entry)]
        if len(parts) == 1 and parts[0] in known:
            topics.append(known[parts[0]])
        elif len(parts) == 3 and all(parts):
            topics.append((parts[0], parts[1], parts[2]))
        else:
            raise CellProblem(
                _(
                    "“%(entry)s” is not a topic: write slug | 中文名 | English name (the slug "
                    "alone for a topic the bank has)."
                )
                % {"entry": entry.strip()}
            )
    return topics


def parse_related(text: str) -> list[str]:
    return [slug.strip() for slug in TOPIC_SEPARATOR.split(text or "") if slug.strip()]


def format_key_points(points: list[dict]) -> str:
    blocks = []
    for point in points:
        mark = ESSENTIAL_MARK if point["essential"] else ""
        lines = [f"{mark}{point['label_zh']}", point["label_en"]]
        lines += [" | ".join(group) for group in point["aliases"]]
        lines += [f"{SYNONYM_MARK} {phrase}" for phrase in point.get("synonyms", [])]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_key_points(text: str) -> list[dict]:
    """The key points of a cell, as plain data for key_point_problems to check."""
    points = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) < 2:
            raise CellProblem(
                _(
                    "“%(start)s” is not a whole key point: write its Chinese label, its English "
                    "label, then one alias group per line (a | b), each on a line of its own."
                )
                % {"start": lines[0]}
            )
        essential = lines[0].startswith(ESSENTIAL_MARK)
        groups = [line for line in lines[2:] if not line.startswith(SYNONYM_MARK)]
        synonyms = [
            line.removeprefix(SYNONYM_MARK).strip()
            for line in lines[2:]
            if line.startswith(SYNONYM_MARK) and line.removeprefix(SYNONYM_MARK).strip()
        ]
        point = {
            "label_zh": lines[0].removeprefix(ESSENTIAL_MARK).strip(),
            "label_en": lines[1],
            "essential": essential,
            "aliases": [
                [alias.strip() for alias in ALIAS_SEPARATOR.split(line) if alias.strip()]
                for line in groups
            ],
        }
        points.append(point | {"synonyms": synonyms} if synonyms else point)
    return points


class QuestionResource(resources.ModelResource):
    """The columns of an exported table, in the order an import reads them back."""

    tags = fields.Field(column_name="tags")
    key_points = fields.Field(column_name="key_points")
    related = fields.Field(column_name="related")
    source = fields.Field(column_name="source")

    class Meta:
        model = Question
        fields = [*COLUMNS, "source"]
        export_order = [*COLUMNS, "source"]

    def dehydrate_tags(self, question) -> str:
        return format_tags(question.tags.all())

    def dehydrate_key_points(self, question) -> str:
        return format_key_points([point.as_data() for point in question.key_points.all()])

    def dehydrate_related(self, question) -> str:
        return "\n".join(sorted(other.slug for other in question.related.all()))

    def dehydrate_source(self, question) -> str:
        return question.origin.name if question.origin else question.source

    def export_queryset(self, queryset):
        """The questions with what the columns read, in one query each."""
        return queryset.select_related("origin").prefetch_related("tags", "key_points", "related")

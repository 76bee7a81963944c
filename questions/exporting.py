"""Writing the bank out: as seed-style Markdown that the Markdown importer reads back, and
as tables (CSV, XLSX, JSON) through questions.resources."""

import json

from questions.importer.metadata import FRONT_MATTER_FENCE
from questions.resources import QuestionResource


def file_keys(questions) -> list[str]:
    """The key the importer gives each question of a file, in order: `q01`, and `q09-2`
    for the second question numbered 9 (the same rule as parse_questions)."""
    seen: dict[int, int] = {}
    keys = []
    for question in questions:
        seen[question.number] = seen.get(question.number, 0) + 1
        suffix = "" if seen[question.number] == 1 else f"-{seen[question.number]}"
        keys.append(f"q{question.number:02d}{suffix}")
    return keys


def bank_as_markdown(queryset) -> str:
    """The questions as one seed-style file: the metadata (slugs, topics, difficulty, time,
    editor's additions, key points, related questions) as JSON front matter, then one
    `# NN. title` heading and model answer per question."""
    questions = list(
        queryset.order_by("number", "slug").prefetch_related("tags", "key_points", "related")
    )
    keys = file_keys(questions)
    key_of = {question.pk: key for question, key in zip(questions, keys, strict=True)}
    tags = {}
    entries = {}
    for question, key in zip(questions, keys, strict=True):
        for tag in question.tags.all():
            tags[tag.slug] = {"slug": tag.slug, "name_zh": tag.name_zh, "name_en": tag.name_en}
        entries[key] = {
            "slug": question.slug,
            "tags": sorted(tag.slug for tag in question.tags.all()),
            "difficulty": question.difficulty,
            "minutes": question.answer_minutes,
            "supplement": question.supplement_md,
            "key_points": [point.as_data() for point in question.key_points.all()],
            "related": sorted(key_of[o.pk] for o in question.related.all() if o.pk in key_of),
        }
    front = {"tags": sorted(tags.values(), key=lambda tag: tag["slug"]), "questions": entries}
    parts = [
        FRONT_MATTER_FENCE,
        json.dumps(front, ensure_ascii=False, indent=1),
        FRONT_MATTER_FENCE,
    ]
    for question in questions:
        parts += ["", f"# {question.number:02d}. {question.title}", "", question.answer_md]
    return "\n".join(parts).rstrip("\n") + "\n"


def bank_as_dataset(queryset):
    """The questions as a tablib Dataset with the table columns."""
    resource = QuestionResource()
    return resource.export(queryset=resource.export_queryset(queryset.order_by("number", "slug")))

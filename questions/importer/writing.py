"""Bringing the question bank in line with a parsed file and its metadata.

The import runs in one transaction: a dry run rolls it back, and identical questions are
left untouched.
"""

from dataclasses import dataclass, field

from django.db import transaction

from questions.importer.metadata import related_pairs
from questions.importer.parsing import ParsedQuestion
from questions.keypoints import clean_key_point
from questions.limits import DEFAULT_ANSWER_MINUTES
from questions.models import Difficulty, KeyPoint, Question, Tag


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_questions(
    parsed: list[ParsedQuestion], *, source: str, metadata: dict | None = None, dry_run: bool
) -> ImportReport:
    """Create or update questions by slug; identical ones are left untouched."""
    report = ImportReport()
    metadata = metadata or {}
    question_meta = metadata.get("questions", {})
    with transaction.atomic():
        tags = {}
        for tag_data in metadata.get("tags", []):
            tag, _created = Tag.objects.update_or_create(
                slug=tag_data["slug"],
                defaults={"name_zh": tag_data["name_zh"], "name_en": tag_data["name_en"]},
            )
            tags[tag.slug] = tag
        existing = {
            question.slug: question
            for question in Question.objects.filter(
                slug__in=[p.slug for p in parsed]
            ).prefetch_related("tags")
        }
        for item in parsed:
            meta = question_meta.get(item.slug)
            if not item.answer_md and not (meta and meta.get("supplement")):
                report.warnings.append(f"line {item.line}: {item.slug} has no answer text")
            values = {"number": item.number, "title": item.title, "answer_md": item.answer_md}
            wanted_tags = None
            if meta is not None:
                values |= {
                    "difficulty": meta.get("difficulty", Difficulty.MEDIUM),
                    "answer_minutes": meta.get("minutes", DEFAULT_ANSWER_MINUTES),
                    "supplement_md": meta.get("supplement", ""),
                }
                wanted_tags = [tags[slug] for slug in meta.get("tags", [])]
            wanted_points = None
            if meta is not None and "key_points" in meta:
                wanted_points = [clean_key_point(point) for point in meta["key_points"]]
            question = existing.get(item.slug)
            if question is None:
                question = Question.objects.create(slug=item.slug, source=source, **values)
                if wanted_tags:
                    question.tags.set(wanted_tags)
                if wanted_points:
                    _replace_key_points(question, wanted_points)
                report.created.append(item.slug)
                continue
            changed = {key for key, value in values.items() if getattr(question, key) != value}
            if changed:
                for key in changed:
                    setattr(question, key, values[key])
                question.save()
            current = {tag.slug for tag in question.tags.all()}
            if wanted_tags is not None and {tag.slug for tag in wanted_tags} != current:
                question.tags.set(wanted_tags)
                changed.add("tags")
            if wanted_points is not None and wanted_points != question.key_points.as_data():
                _replace_key_points(question, wanted_points)
                changed.add("key_points")
            (report.updated if changed else report.unchanged).append(item.slug)
        if question_meta:
            _set_related(parsed, related_pairs(question_meta), report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _set_related(parsed: list[ParsedQuestion], wanted: dict[str, set[str]], report) -> None:
    """Relate the file's questions exactly as the metadata says (the relation is symmetric,
    so setting one side sets the other)."""
    questions = {
        question.slug: question
        for question in Question.objects.filter(
            slug__in=[item.slug for item in parsed]
        ).prefetch_related("related")
    }
    for slug, question in questions.items():
        current = {other.slug for other in question.related.all() if other.slug in questions}
        if current == wanted.get(slug, set()):
            continue
        keep = [other for other in question.related.all() if other.slug not in questions]
        question.related.set(keep + [questions[other] for other in wanted.get(slug, set())])
        if slug in report.unchanged:
            report.unchanged.remove(slug)
            report.updated.append(slug)


def _replace_key_points(question: Question, points: list[dict]) -> None:
    """The question's key points become exactly `points`, in their order."""
    question.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(question=question, position=position, **point)
        for position, point in enumerate(points, start=1)
    )

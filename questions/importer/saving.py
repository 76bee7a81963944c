"""The writes of an import (import_source checks first, then calls these in its transaction)."""

from django.utils.translation import gettext as _

from questions.importer.checks import cleaned_points
from questions.limits import DEFAULT_ANSWER_MINUTES
from questions.models import Difficulty, KeyPoint, Question, Tag


def topics(items, report) -> dict[str, Tag]:
    """The topics the items name: existing ones as they are, missing ones created."""
    wanted = {}
    for item in items:
        for slug, name_zh, name_en in item.tags:
            wanted.setdefault(slug, (name_zh.strip(), name_en.strip()))
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    for slug, (name_zh, name_en) in wanted.items():
        tag = tags.get(slug)
        if tag is None:
            tags[slug] = Tag.objects.create(slug=slug, name_zh=name_zh, name_en=name_en)
        elif (tag.name_zh, tag.name_en) != (name_zh, name_en):
            # Topics are shared by every source: an import never renames one.
            report.warnings.append(
                _("The topic “%(slug)s” keeps its names (%(zh)s / %(en)s).")
                % {"slug": slug, "zh": tag.name_zh, "en": tag.name_en}
            )
    return tags


def _values(item) -> dict:
    values = {
        "title": item.title.strip(),
        "answer_md": item.answer_md or "",
        "supplement_md": item.supplement_md or "",
    }
    for name in ("number", "difficulty", "answer_minutes"):
        if getattr(item, name) is not None:
            values[name] = getattr(item, name)
    return values


def create_question(item, source, slug, position, tags) -> Question:
    defaults = {
        "number": position,
        "difficulty": Difficulty.MEDIUM,
        "answer_minutes": DEFAULT_ANSWER_MINUTES,
    }
    question = Question.objects.create(
        slug=slug,
        origin=source,
        origin_key=item.key,
        source=source.name,
        **(defaults | _values(item)),
    )
    if item.tags:
        question.tags.set([tags[slug] for slug, _zh, _en in item.tags])
    points = cleaned_points(item)
    if points:
        _replace_key_points(question, points)
    return question


def update_question(question, item, tags) -> list[str]:
    """Change what differs; return the names of the fields that changed."""
    values = _values(item)
    changed = [name for name, value in values.items() if getattr(question, name) != value]
    if changed:
        for name in changed:
            setattr(question, name, values[name])
        question.save()
    # An empty list leaves the topics as they are: an import adds or replaces, never strips.
    wanted_tags = {slug for slug, _zh, _en in item.tags}
    if wanted_tags and wanted_tags != {tag.slug for tag in question.tags.all()}:
        question.tags.set([tags[slug] for slug in wanted_tags])
        changed.append("tags")
    points = cleaned_points(item)
    if points is not None and points != [point.as_data() for point in question.key_points.all()]:
        _replace_key_points(question, points)
        changed.append("key_points")
    return changed


def relate(items, questions, report) -> None:
    """Relate the import's questions as the items say (the relation is symmetric, so naming
    one side relates both); relations to questions outside this import stay."""
    if all(item.related is None for item in items):
        return
    wanted: dict[str, set[str]] = {}
    for item in items:
        for other in item.related or []:
            if other in questions and other != item.key:
                wanted.setdefault(item.key, set()).add(other)
                wanted.setdefault(other, set()).add(item.key)
    by_pk = {question.pk: key for key, question in questions.items()}
    rows = {row.key: row for row in report.rows}
    # Read every side before changing any: setting one side changes the other.
    current = {key: list(question.related.all()) for key, question in questions.items()}
    for key, question in questions.items():
        inside = {by_pk[other.pk] for other in current[key] if other.pk in by_pk}
        if inside == wanted.get(key, set()):
            continue
        keep = [other for other in current[key] if other.pk not in by_pk]
        question.related.set(keep + [questions[other] for other in wanted.get(key, set())])
        row = rows[key]
        if row.status != "new":
            row.status = "changed"
            row.fields.append("related")


def _replace_key_points(question: Question, points: list[dict]) -> None:
    """The question's key points become exactly `points`, in their order."""
    question.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(question=question, position=position, **point)
        for position, point in enumerate(points, start=1)
    )

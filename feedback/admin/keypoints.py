"""What the key-point admin does beyond forms: propose points, add the chosen ones, and
check typed points against a sample answer with the learners' own matcher."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.text import is_chinese
from feedback.display import Segment, segments
from feedback.engine.matching import KeyPoint as MatchPoint
from feedback.engine.matching import match_key_points
from feedback.engine.suggest import suggest_key_points
from questions.keypoints import alias_key
from questions.models import KeyPoint, Question

# Element ids of highlighted words in the checked sample start with this.
CHECK_ANCHOR_PREFIX = "kp-check"


def new_suggestions(question: Question) -> list[tuple[dict, str]]:
    """Candidate points (key-point data, source) from the saved model answer and editor's
    addition, leaving out those whose aliases the question's points already have."""
    known = {
        alias_key(alias)
        for groups in question.key_points.values_list("aliases", flat=True)
        for group in groups
        for alias in group
    }
    markdown = model_answer(question.answer_md, question.supplement_md)
    found = []
    for suggestion in suggest_key_points(markdown):
        if all(alias_key(alias) in known for alias in suggestion.aliases):
            continue
        found.append((suggestion.as_key_point(), suggestion.source))
    return found


def model_answer(answer_md: str, supplement_md: str) -> str:
    """What learners read after answering: the model answer and the editor's addition."""
    return "\n\n".join(filter(None, [answer_md, supplement_md]))


def points_not_in(markdown: str, points: list[dict]) -> list[dict]:
    """The key points a model answer does not make, by the learners' own matcher: a point
    the answer never shows is one learners are checked for without having read it. Its
    Markdown is matched as written, so terms in code blocks and links count; none when the
    answer is blank (there is nothing to compare with yet)."""
    if not markdown.strip():
        return []
    matches = match_key_points(markdown, [MatchPoint.from_dict(point) for point in points])
    return [point for point, match in zip(points, matches, strict=True) if not match.found]


def append_key_points(*, question: Question, points: list[dict]) -> list[KeyPoint]:
    """Add checked key-point data after the question's last point, in the order given."""
    with transaction.atomic():
        Question.objects.select_for_update().filter(pk=question.pk).first()
        last = question.key_points.aggregate(last=Max("position"))["last"] or 0
        return KeyPoint.objects.bulk_create(
            KeyPoint(question=question, position=last + offset, **point)
            for offset, point in enumerate(points, start=1)
        )


@dataclass
class CheckedPoint:
    label: str
    essential: bool
    found: bool
    words: list[str] = field(default_factory=list)  # what matched, as the sample spells it


@dataclass
class UncheckedRow:
    name: str
    problems: list[str]


def point_label(point: dict) -> str:
    """The point's label in the reader's language, or the other one if that is empty."""
    chinese = is_chinese(get_language())
    first, second = ("label_zh", "label_en") if chinese else ("label_en", "label_zh")
    return point[first] or point[second]


def check_sample(text: str, rows, *, answer: str = "") -> dict:
    """The template context for a check of `text` against the typed rows (CheckedRowForm):
    each valid point found or not with its words, the sample cut into highlighted pieces,
    the rows that could not be checked, and the points the model answer (as typed,
    Markdown) does not make."""
    typed, unchecked = [], []
    for number, row in enumerate(rows, start=1):
        valid = row.is_valid()
        if row.is_blank():
            continue
        if not valid:
            data = row.cleaned_data
            name = (
                data.get("label_zh")
                or data.get("label_en")
                or _("row %(number)d") % {"number": number}
            )
            problems = [message for errors in row.errors.values() for message in errors]
            unchecked.append(UncheckedRow(name, problems))
            continue
        position = row.cleaned_data.get("position")
        typed.append((position if position is not None else number, number, row))
    typed.sort(key=lambda entry: entry[:2])
    points = [row.cleaned_data["point"] for _position, _number, row in typed]
    matches = match_key_points(text, [MatchPoint.from_dict(point) for point in points])
    checked = [
        CheckedPoint(
            label=point_label(point),
            essential=point["essential"],
            found=match.found,
            words=list(dict.fromkeys(text[start:end] for start, end in match.spans)),
        )
        for point, match in zip(points, matches, strict=True)
    ]
    pieces: list[Segment] = []
    if text.strip():
        spans = [[list(span) for span in match.spans] for match in matches]
        pieces = segments(text, spans, CHECK_ANCHOR_PREFIX)
    return {
        "has_sample": bool(text.strip()),
        "points": checked,
        "found": sum(point.found for point in checked),
        "pieces": pieces,
        "unchecked": unchecked,
        "not_in_answer": [point_label(point) for point in points_not_in(answer, points)],
    }

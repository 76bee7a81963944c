"""What the answer pages show of the key-point check: a checklist, highlights, a suggestion."""

from dataclasses import dataclass, field

from django.utils.translation import get_language

from core.text import is_chinese
from feedback.checking import disagrees
from feedback.models import Coverage
from interview.models import Answer


@dataclass
class Segment:
    """A stretch of the answer text, and the key points (by index) it shows."""

    text: str
    points: tuple[int, ...] = ()
    anchor: str = ""  # the element id, on the first stretch that shows some point


@dataclass
class PointView:
    label: str
    essential: bool
    found: bool
    anchor: str = ""


@dataclass
class KeyPointFeedback:
    points: list[PointView]
    segments: list[Segment]
    found: int
    total: int
    suggested_rating: int | None
    remark: str = ""  # "missed-essential" or "all-found" when the rating disagrees
    essentials_missed: list[str] = field(default_factory=list)


def segments(text: str, spans_by_point: list[list[list[int]]], prefix: str) -> list[Segment]:
    """Cut `text` at every span edge; each piece knows which points it shows. Text stays
    text (the template escapes it); ids come only from `prefix` and numbers."""
    cuts = {0, len(text)}
    for spans in spans_by_point:
        for start, end in spans:
            cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    edges = sorted(cuts)
    pieces: list[Segment] = []
    for start, end in zip(edges, edges[1:], strict=False):
        if start == end:
            continue
        points = tuple(
            index
            for index, spans in enumerate(spans_by_point)
            if any(s <= start and end <= e for s, e in spans)
        )
        if pieces and pieces[-1].points == points:
            pieces[-1].text += text[start:end]
        else:
            pieces.append(Segment(text[start:end], points))
    anchored = set()
    for piece in pieces:
        fresh = [index for index in piece.points if index not in anchored]
        if fresh:
            piece.anchor = f"{prefix}-{fresh[0]}"
            anchored.update(piece.points)
    return pieces


def build(answer, coverage: Coverage) -> KeyPointFeedback:
    chinese = is_chinese(get_language())
    prefix = f"kp-{answer.pk}"
    pieces = segments(answer.submitted_text, [point["spans"] for point in coverage.points], prefix)
    anchors = {}
    for piece in pieces:
        for index in piece.points:
            anchors.setdefault(index, piece.anchor or anchors.get(index, ""))
    points = [
        PointView(
            label=point["label_zh"] if chinese else point["label_en"],
            essential=point["essential"],
            found=point["found"],
            anchor=anchors.get(index, "") if point["found"] else "",
        )
        for index, point in enumerate(coverage.points)
    ]
    remark = ""
    if (
        coverage.remark_for_rated_at is not None
        and coverage.remark_for_rated_at == answer.rated_at
        and disagrees(answer.rating, coverage)
    ):
        remark = "missed-essential" if answer.rating == 4 else "all-found"
    return KeyPointFeedback(
        points=points,
        segments=pieces,
        found=coverage.found,
        total=coverage.total,
        suggested_rating=coverage.suggested_rating,
        remark=remark,
        essentials_missed=[p.label for p in points if p.essential and not p.found],
    )


def key_point_feedback(answers, *, user, now) -> None:
    """Give each answer `key_point_feedback` (or None). Answers loaded with their coverage
    (see interview.extensions.answer_relations) cost nothing; the rest one query."""
    loaded = {}
    missing = []
    for answer in answers:
        if Answer.coverage.is_cached(answer):
            loaded[answer.pk] = getattr(answer, "coverage", None)
        else:
            missing.append(answer.pk)
    if missing:
        loaded |= {c.answer_id: c for c in Coverage.objects.filter(answer__in=missing)}
    for answer in answers:
        coverage = loaded.get(answer.pk)
        answer.key_point_feedback = build(answer, coverage) if coverage else None

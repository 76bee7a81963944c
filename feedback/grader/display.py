"""What the reveal shows of a grading: per point the matcher's finding beside the grader's
verdict, and whether they disagree."""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.text import is_chinese
from feedback.grader.limits import GRADER_POLL_SECONDS
from feedback.models import Coverage, Grading

VERDICT_LABELS = {
    "covered": _("covered"),
    "partly": _("partly"),
    "missing": _("missing"),
    "wrong": _("wrong"),
}
# The grader agrees with "found" when it says covered or partly, with "not found" otherwise.
FOUND_VERDICTS = frozenset({"covered", "partly"})


@dataclass
class GradedPoint:
    label: str
    matcher_found: bool | None
    verdict: str  # "" when the grader gave none that quoted the answer
    verdict_label: str
    quote: str

    @property
    def disagrees(self) -> bool:
        if not self.verdict or self.matcher_found is None:
            return False
        return self.matcher_found != (self.verdict in FOUND_VERDICTS)


@dataclass
class GradingView:
    answer_id: int
    status: str
    finished: bool
    model: str
    host: str
    points: list[GradedPoint]
    poll_seconds: int = GRADER_POLL_SECONDS

    @property
    def disagreements(self) -> int:
        return sum(point.disagrees for point in self.points)


def grading_view(grading: Grading) -> GradingView:
    """The grading as the reveal shows it, beside the matcher's coverage if there is one."""
    chinese = is_chinese(get_language() or "")
    coverage = getattr(grading.answer, "coverage", None) if _has_coverage(grading) else None
    found = [point["found"] for point in coverage.points] if coverage else []
    snapshot = grading.answer.key_points_snapshot or []
    points = []
    for index, point in enumerate(snapshot):
        verdict = grading.verdicts[index] if index < len(grading.verdicts) else {}
        name = verdict.get("verdict", "")
        points.append(
            GradedPoint(
                label=point["label_zh"] if chinese else point["label_en"],
                matcher_found=found[index] if index < len(found) else None,
                verdict=name,
                verdict_label=str(VERDICT_LABELS.get(name, "")),
                quote=verdict.get("quote", ""),
            )
        )
    return GradingView(
        answer_id=grading.answer_id,
        status=grading.status,
        finished=grading.finished,
        model=grading.model,
        host=grading.endpoint_host,
        points=points if grading.status == Grading.Status.DONE else [],
    )


def _has_coverage(grading: Grading) -> bool:
    try:
        return isinstance(grading.answer.coverage, Coverage)
    except Coverage.DoesNotExist:
        return False


def grading_annotator(answers, *, user, now) -> None:
    """Give each answer `grading_view` (or None): the reveal's slot for the grader."""
    for answer in answers:
        try:
            grading = answer.grading
        except Grading.DoesNotExist:
            grading = None
        answer.grading_view = grading_view(grading) if grading else None

"""Checking a done answer against its key points: the one place that writes coverage."""

from datetime import datetime

from django.db import transaction

from core.prepared import Prepared
from feedback.engine.matching import KeyPoint, match_key_points
from feedback.models import Coverage, MissedPoint
from interview.models import Answer

# A suggested self-rating from coverage: every essential point and most of the others is a
# 4; every essential point and half is a 3; something found is a 2; nothing is a 1.
NAILED_SHARE = 0.8
GOOD_SHARE = 0.5

# An answer's coverage, locked, compiled once per process (core.prepared).
_locked_coverage = Prepared(
    Coverage, lambda answer_id: Coverage.objects.select_for_update().filter(answer=answer_id)
)


def suggested_rating(found: int, total: int, essential_missed: int) -> int | None:
    if not total:
        return None
    share = found / total
    if not essential_missed and share >= NAILED_SHARE:
        return Answer.Rating.NAILED
    if not essential_missed and share >= GOOD_SHARE:
        return Answer.Rating.GOOD
    if found:
        return Answer.Rating.PARTLY
    return Answer.Rating.MISSED


def disagrees(rating: int | None, coverage: Coverage) -> bool:
    """A self-rating far from the coverage: 4 with an essential point missing, or 1 with
    every point found."""
    if rating is None or not coverage.total:
        return False
    if rating == Answer.Rating.NAILED:
        return coverage.essential_missed > 0
    return rating == Answer.Rating.MISSED and coverage.found == coverage.total


def coverage_check(*, answer: Answer, now: datetime) -> Coverage | None:
    """Work out (again) which key points a done answer made, and keep the counts of missed
    points in step. Skipped answers and questions without key points get no coverage."""
    snapshot = answer.key_points_snapshot or []
    if not snapshot:
        # Coverage is only ever made below, for an answer with key points, and an answer's
        # snapshot is taken once, when it is first shown: one without has none to undo.
        Answer.coverage.related.set_cached_value(answer, None)
        return None
    # Inside the submit's transaction: an error here fails the submit anyway (signals do not
    # catch), so a savepoint of its own would only cost two round trips.
    with transaction.atomic(savepoint=False):
        previous = _locked_coverage.first(answer.pk)
        if previous is not None:
            _count_misses(previous, -1, now)
        if answer.status != Answer.Status.SUBMITTED:
            if previous is not None:
                previous.delete()
            Answer.coverage.related.set_cached_value(answer, None)
            return None
        points = [KeyPoint.from_dict(data) for data in snapshot]
        matches = match_key_points(answer.submitted_text, points)
        results = [
            point.as_dict() | {"found": match.found, "spans": [list(span) for span in match.spans]}
            for point, match in zip(points, matches, strict=True)
        ]
        found = sum(match.found for match in matches)
        essential_missed = sum(
            point.essential and not match.found
            for point, match in zip(points, matches, strict=True)
        )
        values = {
            "user_id": answer.interview.user_id,
            "question_id": answer.question_id,
            "points": results,
            "found": found,
            "total": len(points),
            "essential_missed": essential_missed,
            "suggested_rating": suggested_rating(found, len(points), essential_missed),
            "checked_at": now,
        }
        coverage, _created = Coverage.objects.update_or_create(answer=answer, defaults=values)
        _count_misses(coverage, +1, now)
        # The page drawn next reads the coverage from the answer: keep it current there.
        Answer.coverage.related.set_cached_value(answer, coverage)
    return coverage


def _count_misses(coverage: Coverage, sign: int, now: datetime) -> None:
    """Add (+1) or take back (-1) one check of each point in the running counts."""
    by_label = {point["label_en"]: point for point in coverage.points}
    rows = {
        row.label_en: row
        for row in MissedPoint.objects.select_for_update().filter(
            user_id=coverage.user_id, question_id=coverage.question_id, label_en__in=by_label
        )
    }
    new = []
    for label, point in by_label.items():
        row = rows.get(label)
        if row is None:
            if sign < 0:
                continue
            row = MissedPoint(
                user_id=coverage.user_id,
                question_id=coverage.question_id,
                label_en=label,
                label_zh=point["label_zh"],
                essential=point["essential"],
            )
            new.append(row)
        row.checks = max(0, row.checks + sign)
        if not point["found"]:
            row.misses = max(0, row.misses + sign)
            if sign > 0:
                row.last_missed_at = now
    MissedPoint.objects.bulk_create(new)
    changed = list(rows.values())
    if changed:
        MissedPoint.objects.bulk_update(changed, ["checks", "misses", "last_missed_at"])


def coverage_remark(*, answer: Answer) -> None:
    """After a rating: if it disagrees strongly with the coverage, note it (once per answer)."""
    if Answer.coverage.is_cached(answer):
        coverage = getattr(answer, "coverage", None)
    else:
        coverage = Coverage.objects.filter(answer=answer).first()
        Answer.coverage.related.set_cached_value(answer, coverage)
    if coverage is None or coverage.remark_for_rated_at is not None:
        return
    if disagrees(answer.rating, coverage):
        coverage.remark_for_rated_at = answer.rated_at
        coverage.save(update_fields=["remark_for_rated_at"])

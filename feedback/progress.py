"""The progress page's key-point sections: points missed most, and self-rating against
coverage over the last weeks."""

from datetime import timedelta

from django.db.models import Avg, Count, F, FloatField, Max, Sum
from django.db.models.functions import Cast, TruncWeek
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.prepared import Prepared
from core.text import is_chinese
from feedback.models import Coverage, MissedPoint
from feedback.since_reads import SinceRead
from interview.charts import time_chart

# The questions whose key points are missed most, and how many of each one's points show.
MISSED_QUESTIONS = 5
MISSED_POINTS_EACH = 4
CALIBRATION_WEEKS = 12


def _mine(user_id):
    return MissedPoint.objects.filter(user=user_id, misses__gt=0)


# Both reads run with their SQL compiled once per process (core.prepared).
_most_missed = Prepared(
    MissedPoint,
    lambda user_id: (
        _mine(user_id)
        .values_list("question")
        .annotate(total=Sum("misses"), last=Max("last_missed_at"))
        .order_by("-total", "-last", "question")[:MISSED_QUESTIONS]
    ),
)
_missed_points = Prepared(
    MissedPoint,
    lambda user_id, question_ids: (
        _mine(user_id)
        .filter(question__in=question_ids)
        .select_related("question")
        .only(
            "label_zh",
            "label_en",
            "essential",
            "misses",
            "checks",
            "question__slug",
            "question__title",
            "question__is_active",
        )
        .order_by("-misses", "-last_missed_at", "pk")
    ),
)


def missed_by_question(user, chinese: bool) -> list[dict]:
    """The questions whose points the user missed most (by misses summed over the
    question's points), each with its most missed points: two queries over the running
    counts, so no one question can fill the list with its own points."""
    top = _most_missed.all(user.pk)
    if not top:
        return []
    order = {row[0]: index for index, row in enumerate(top)}
    groups: dict[int, dict] = {}
    for row in _missed_points.all(user.pk, list(order)):
        group = groups.setdefault(
            row.question_id, {"question": row.question, "points": [], "more": 0}
        )
        if len(group["points"]) < MISSED_POINTS_EACH:
            group["points"].append(
                {
                    "label": row.label_zh if chinese else row.label_en,
                    "essential": row.essential,
                    "misses": row.misses,
                    "checks": row.checks,
                }
            )
        else:
            group["more"] += 1
    return sorted(groups.values(), key=lambda group: order[group["question"].pk])


def _rated(user_id, since):
    return Coverage.objects.filter(
        user=user_id, checked_at__gte=since, answer__rating__isnull=False, total__gt=0
    )


def _share():
    return Cast(F("found"), FloatField()) / Cast(F("total"), FloatField())


# Coverage by week and by rating over the last weeks, compiled once (feedback.since_reads).
_weeks = SinceRead(
    lambda user_id, since: (
        _rated(user_id, since)
        .annotate(week=TruncWeek("checked_at"))
        .values("week")
        .annotate(coverage=Avg(_share()), rating=Avg("answer__rating"), count=Count("id"))
        .order_by("week")
    )
)
_by_rating = SinceRead(
    lambda user_id, since: (
        _rated(user_id, since)
        .values("answer__rating")
        .annotate(coverage=Avg(_share()), count=Count("id"))
    )
)


def progress_context(*, user, now) -> dict | None:
    """Four queries over bounded rows: the running counts (two), and a window of weeks."""
    chinese = is_chinese(get_language())
    missed = missed_by_question(user, chinese)
    since = now - timedelta(weeks=CALIBRATION_WEEKS)
    weeks = _weeks.all(user.pk, since)
    by_rating = {row["answer__rating"]: row for row in _by_rating.all(user.pk, since)}
    if not missed and not weeks:
        return None
    chart = time_chart(
        [row["week"].strftime("%m-%d") for row in weeks],
        [
            (_("Self-rating"), "rating", [(row["rating"] - 1) / 3 * 100 for row in weeks]),
            (_("Key points found"), "coverage", [row["coverage"] * 100 for row in weeks]),
        ],
        low=0,
        high=100,
        ticks=[(0, "0%"), (50, "50%"), (100, "100%")],
        value_text=lambda value: f"{value:.0f}%",
    )
    return {
        "missed": missed,
        # "Practise these": the active ones, in the list's order.
        "missed_slugs": [group["question"].slug for group in missed if group["question"].is_active],
        "weeks": [row | {"coverage_percent": round(row["coverage"] * 100)} for row in weeks],
        "chart": chart,
        "by_rating": [
            {
                "rating": rating,
                "coverage_percent": round(by_rating[rating]["coverage"] * 100),
                "count": by_rating[rating]["count"],
            }
            for rating in (1, 2, 3, 4)
            if rating in by_rating
        ],
    }

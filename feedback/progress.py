"""The progress page's key-point sections: points missed most, and self-rating against
coverage over the last weeks."""

from datetime import timedelta

from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast, TruncWeek
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.text import is_chinese
from feedback.models import Coverage, MissedPoint
from interview.charts import time_chart

MISSED_SHOWN = 8
CALIBRATION_WEEKS = 12


def progress_context(*, user, now) -> dict | None:
    """Three queries over bounded rows: the running counts, and a window of weeks."""
    chinese = is_chinese(get_language())
    missed = [
        {
            "label": row.label_zh if chinese else row.label_en,
            "essential": row.essential,
            "misses": row.misses,
            "checks": row.checks,
            "question": row.question,
        }
        for row in MissedPoint.objects.filter(user=user, misses__gt=0)
        .select_related("question")
        .only(
            "label_zh",
            "label_en",
            "essential",
            "misses",
            "checks",
            "question__slug",
            "question__title",
        )
        .order_by("-misses", "-last_missed_at", "pk")[:MISSED_SHOWN]
    ]
    since = now - timedelta(weeks=CALIBRATION_WEEKS)
    rated = Coverage.objects.filter(
        user=user, checked_at__gte=since, answer__rating__isnull=False, total__gt=0
    )
    share = Cast(F("found"), FloatField()) / Cast(F("total"), FloatField())
    weeks = list(
        rated.annotate(week=TruncWeek("checked_at"))
        .values("week")
        .annotate(coverage=Avg(share), rating=Avg("answer__rating"), count=Count("id"))
        .order_by("week")
    )
    by_rating = {
        row["answer__rating"]: row
        for row in rated.values("answer__rating").annotate(coverage=Avg(share), count=Count("id"))
    }
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

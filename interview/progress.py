"""What the progress page shows: average self-rating per topic and per week, the spread of
ratings, and the sections other apps add. Read from the running tallies (interview.tallies),
a few short rows however long the history."""

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from core.text import is_chinese
from interview.charts import bar_rows, rating_chart
from interview.extensions import progress_sections
from interview.models import Answer, RatingTally
from interview.tallies import week_key
from questions.models import Tag

PROGRESS_WEEKS = 12


def progress_summary(user, *, now: datetime, language: str) -> dict:
    """The progress page's context: two queries of its own (tallies, topic names), then
    each registered section's fixed few."""
    since = week_key(now - timedelta(weeks=PROGRESS_WEEKS))
    tallies = RatingTally.objects.filter(user=user, count__gt=0).filter(
        ~Q(kind=RatingTally.Kind.WEEK) | Q(key__gte=since)
    )
    by_kind: dict[str, list[RatingTally]] = {}
    for tally in tallies:
        by_kind.setdefault(tally.kind, []).append(tally)
    names = dict(
        Tag.objects.filter(
            slug__in=[tally.key for tally in by_kind.get(RatingTally.Kind.TOPIC, [])]
        ).values_list("slug", "name_zh" if is_chinese(language) else "name_en")
    )
    by_topic = sorted(
        (tally for tally in by_kind.get(RatingTally.Kind.TOPIC, []) if tally.key in names),
        key=lambda tally: (-tally.count, tally.key),
    )
    topics = bar_rows(
        [(names[tally.key], tally.average, tally.count) for tally in by_topic], maximum=4
    )
    weeks = [
        {"week": date.fromisoformat(tally.key), "average": tally.average, "count": tally.count}
        for tally in sorted(by_kind.get(RatingTally.Kind.WEEK, []), key=lambda t: t.key)
    ]
    distribution = {
        int(tally.key): tally.count for tally in by_kind.get(RatingTally.Kind.VALUE, [])
    }
    return {
        "topics": topics,
        "weeks": weeks,
        "week_chart": rating_chart(
            [(row["week"], row["average"]) for row in weeks], name=_("Average rating")
        ),
        "distribution": [
            (value, label, distribution.get(value, 0)) for value, label in Answer.Rating.choices
        ],
        "total_rated": sum(distribution.values()),
        "sections": progress_sections(user=user, now=now),
    }

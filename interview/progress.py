"""What the progress page shows: average self-rating per topic and per week, the spread of
ratings, and the sections other apps add. Read from the running tallies (interview.tallies),
a few short rows however long the history."""

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from core.prepared import Prepared
from interview.charts import bar_rows, rating_chart
from interview.coverage import bank_coverage
from interview.extensions import progress_sections
from interview.models import Answer, RatingTally
from interview.tallies import week_key

PROGRESS_WEEKS = 12

# The tallies' read runs with its SQL compiled once per process (core.prepared); it
# holds the first week it shows, so a read is kept for the latest week only.
_tally_reads: dict[str, Prepared] = {}


def _tallies(user_id: int, since: str) -> list[tuple]:
    """The user's tallies of every kind, of weeks from `since` on: (kind, key, count,
    total) rows."""
    read = _tally_reads.get(since)
    if read is None:
        read = Prepared(
            RatingTally,
            lambda user_id: (
                RatingTally.objects.filter(user=user_id, count__gt=0)
                .filter(~Q(kind=RatingTally.Kind.WEEK) | Q(key__gte=since))
                .values_list("kind", "key", "count", "total")
            ),
        )
        _tally_reads.clear()
        _tally_reads[since] = read
    return read.all(user_id)


def progress_summary(user, *, now: datetime, language: str) -> dict:
    """The progress page's context: two queries of its own (the bank's coverage, tallies),
    a third when the bank changed since its side was kept, then each registered section's
    fixed few."""
    # The topics' names are the bank's, kept with its side of the coverage.
    coverage, bank = bank_coverage(user.pk, language=language)
    since = week_key(now - timedelta(weeks=PROGRESS_WEEKS))
    # (key, count, average) per kind; a read tally counts at least one rating.
    by_kind: dict[str, list[tuple]] = {}
    for kind, key, count, total in _tallies(user.pk, since):
        by_kind.setdefault(kind, []).append((key, count, total / count))
    names = bank.names_in(language)
    by_topic = sorted(
        (tally for tally in by_kind.get(RatingTally.Kind.TOPIC, []) if tally[0] in names),
        key=lambda tally: (-tally[1], tally[0]),
    )
    topics = bar_rows([(names[key], average, count) for key, count, average in by_topic], maximum=4)
    weeks = [
        {"week": date.fromisoformat(key), "average": average, "count": count}
        for key, count, average in sorted(by_kind.get(RatingTally.Kind.WEEK, []))
    ]
    distribution = {int(key): count for key, count, _ in by_kind.get(RatingTally.Kind.VALUE, [])}
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
        "coverage": coverage,
        "sections": progress_sections(user=user, now=now),
    }

"""What the progress page shows: average self-rating per topic and per week, the spread of
ratings, and the sections other apps add. Read from the running tallies (interview.tallies),
a few short rows however long the history."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from core.text import is_chinese
from interview.charts import bar_rows, rating_chart
from interview.extensions import progress_sections
from interview.models import Answer, RatingTally
from interview.selection import seen_by
from interview.tallies import week_key
from questions.models import Question, Tag

PROGRESS_WEEKS = 12


def progress_summary(user, *, now: datetime, language: str) -> dict:
    """The progress page's context: three queries of its own (tallies, topic names, bank
    coverage), then each registered section's fixed few."""
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
        "coverage": bank_coverage(user, language=language),
        "sections": progress_sections(user=user, now=now),
    }


def bank_coverage(user, *, language: str) -> dict:
    """How much of the bank the user has been shown: {"seen", "total", "topics": [{"name",
    "slug", "seen", "total"}]}, topics in bank order. One query of a row per active
    question and topic, however long the history (seen_by reads the user's own index)."""
    rows = (
        Question.objects.active()
        .annotate(seen=Exists(seen_by(user)))
        .values_list("pk", "seen", "tags__slug", "tags__name_zh", "tags__name_en")
        .order_by("tags__slug", "pk")
    )
    chinese = is_chinese(language)
    seen, everything, topics = set(), set(), {}
    for pk, was_seen, slug, name_zh, name_en in rows:
        everything.add(pk)
        if was_seen:
            seen.add(pk)
        if slug is None:
            continue
        topic = topics.setdefault(
            slug, {"slug": slug, "name": name_zh if chinese else name_en, "seen": 0, "total": 0}
        )
        topic["total"] += 1
        topic["seen"] += 1 if was_seen else 0
    for topic in topics.values():
        topic["width"] = round(100 * topic["seen"] / topic["total"], 1)
    return {"seen": len(seen), "total": len(everything), "topics": list(topics.values())}

"""What the progress page shows: average self-rating per topic and per week, the spread of
ratings, and the sections other apps add. Read from the running tallies (interview.tallies),
a few short rows however long the history."""

from datetime import date, datetime, timedelta

from django.db.models import CharField, Count, IntegerField, Q, Value
from django.utils.translation import gettext as _

from core.prepared import Prepared
from core.text import is_chinese
from interview.charts import bar_rows, rating_chart
from interview.extensions import progress_sections
from interview.models import Answer, RatingTally
from interview.tallies import week_key
from questions.models import Question, Tag

PROGRESS_WEEKS = 12

# The reads below run with their SQL compiled once per process (core.prepared); the tallies'
# read holds the first week it shows, so a read is kept for the latest week only.
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


# The names of the topics the user has rated answers in (found by the database from the
# tallies, so the read takes the user alone).
_topic_names = Prepared(
    Tag,
    lambda user_id: Tag.objects.filter(
        slug__in=RatingTally.objects.filter(
            user=user_id, kind=RatingTally.Kind.TOPIC, count__gt=0
        ).values("key")
    ).values_list("slug", "name_zh", "name_en"),
)


def progress_summary(user, *, now: datetime, language: str) -> dict:
    """The progress page's context: three queries of its own (tallies, topic names, bank
    coverage), then each registered section's fixed few."""
    since = week_key(now - timedelta(weeks=PROGRESS_WEEKS))
    # (key, count, average) per kind; a read tally counts at least one rating.
    by_kind: dict[str, list[tuple]] = {}
    for kind, key, count, total in _tallies(user.pk, since):
        by_kind.setdefault(kind, []).append((key, count, total / count))
    names = {}
    if by_kind.get(RatingTally.Kind.TOPIC):
        chinese = is_chinese(language)
        names = {
            slug: name_zh if chinese else name_en
            for slug, name_zh, name_en in _topic_names.all(user.pk)
        }
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
        "coverage": bank_coverage(user, language=language),
        "sections": progress_sections(user=user, now=now),
    }


def _coverage_rows(user_id: int):
    """A row per topic with active questions (its id, questions, seen), one for the whole
    bank (no id), and one per topic with its slug and names (no counts)."""
    active = Question.objects.active().order_by()
    # The user's shown questions as one uncorrelated subquery, which the database reads once
    # (an Exists per row reads the index once per question and topic).
    seen_ids = Answer.objects.filter(user=user_id, shown_at__isnull=False).values("question_id")
    text = Value(None, output_field=CharField())
    number = Value(None, output_field=IntegerField())
    # Per topic, counted over the question-topic pairs of active questions: the active ones
    # found through the index on is_active, so no question's row (with its long text) is read.
    # Grouped by the topic's id alone, its names joined after (below, by id): the database
    # neither looks up a topic per pair nor sorts the pairs by their names.
    per_topic = (
        Question.tags.through.objects.filter(question__in=active.values("pk"))
        .order_by()
        .annotate(no_slug=text, no_zh=text, no_en=text)
        .values_list("tag", "no_slug", "no_zh", "no_en")
        .annotate(total=Count("pk"), seen_count=Count("pk", filter=Q(question__in=seen_ids)))
    )
    whole = (
        active.annotate(no_id=number, no_slug=text, no_zh=text, no_en=text)
        .values_list("no_id", "no_slug", "no_zh", "no_en")
        .annotate(total=Count("pk"), seen_count=Count("pk", filter=Q(pk__in=seen_ids)))
    )
    names = (
        Tag.objects.order_by()
        .annotate(no_total=number, no_seen=number)
        .values_list("pk", "slug", "name_zh", "name_en", "no_total", "no_seen")
    )
    return per_topic.union(whole, names, all=True)


_coverage = Prepared(Question.tags.through, _coverage_rows)


def bank_coverage(user, *, language: str) -> dict:
    """How much of the bank the user has been shown: {"seen", "total", "topics": [{"name",
    "slug", "seen", "total", "width"}]}, topics in slug order. One query, counted by the
    database: a row per topic and one for the whole bank (a question with two topics counts
    once there), however long the history (the user's answers are read through their index
    on (user, question))."""
    chinese = is_chinese(language)
    seen = total = 0
    counted = []
    names = {}
    for tag_id, slug, name_zh, name_en, in_topic, seen_in_topic in _coverage.all(user.pk):
        if slug is not None:  # a topic's names
            names[tag_id] = (slug, name_zh if chinese else name_en)
        elif tag_id is None:  # the whole bank's row
            seen, total = seen_in_topic, in_topic
        else:
            counted.append((tag_id, in_topic, seen_in_topic))
    topics = []
    for tag_id, in_topic, seen_in_topic in counted:
        slug, name = names[tag_id]
        topics.append(
            {
                "slug": slug,
                "name": name,
                "seen": seen_in_topic,
                "total": in_topic,
                "width": round(100 * seen_in_topic / in_topic, 1),
            }
        )
    topics.sort(key=lambda topic: topic["slug"])
    return {"seen": seen, "total": total, "topics": topics}

"""Running tallies of self-ratings (by topic, week and value) for the progress page."""

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from core.prepared import Prepared
from interview.models import Answer, RatingTally
from questions.models import Tag

Kind = RatingTally.Kind
# The topics of a question, compiled once per process (core.prepared): asked on every rating.
_topics = Prepared(
    Tag,
    lambda question_id: Tag.objects.filter(questions=question_id).values_list("slug", flat=True),
)


def week_key(moment: datetime) -> str:
    """The Monday of `moment`'s week in the site's time zone, as YYYY-MM-DD."""
    day = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def _keys(topics: list[str], rating: int, rated_at: datetime) -> list[tuple[str, str]]:
    return [(Kind.TOPIC, slug) for slug in topics] + [
        (Kind.WEEK, week_key(rated_at)),
        (Kind.VALUE, str(rating)),
    ]


def tally_rating(
    *, answer: Answer, previous: tuple[int, datetime] | None, current: tuple[int, datetime]
) -> None:
    """Move one answer's rating in the tallies: out of `previous` (rating, rated at), if
    any, and into `current`. Call inside the transaction that stores the rating."""
    topics = _topics.all(answer.question_id)
    changes: dict[tuple[str, str], list[int]] = {}
    if previous is not None:
        for key in _keys(topics, *previous):
            change = changes.setdefault(key, [0, 0])
            change[0] -= 1
            change[1] -= previous[0]
    for key in _keys(topics, *current):
        change = changes.setdefault(key, [0, 0])
        change[0] += 1
        change[1] += current[0]
    changes = {key: change for key, change in changes.items() if change != [0, 0]}
    if not changes:
        return
    _add_to_tallies(answer.user_id, changes)


def _add_to_tallies(user_id: int, changes: dict[tuple[str, str], list[int]]) -> None:
    """Add each (count, total) change to its tally row, making the rows that do not exist
    yet, in one statement: `INSERT … ON CONFLICT … DO UPDATE` (PostgreSQL, and SQLite since
    3.24). Two ratings by one user at once (two tabs, a fast double rating) cannot both
    insert a row, and adding to the stored value rather than writing a value read earlier
    loses neither change. Rows are written in one order, so two such statements never wait
    for each other's rows crosswise (no deadlock). The ORM has no "add on conflict"."""
    rows = sorted(changes.items())
    params = [
        value for (row_kind, row_key), (add, amount) in rows
        for value in (user_id, row_kind, row_key, add, amount)
    ]  # fmt: skip
    sql = _upsert_sql(connection.vendor, len(rows))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@lru_cache(maxsize=64)
def _upsert_sql(vendor: str, rows: int) -> str:
    """_add_to_tallies' statement for `rows` rows, written once per database kind and
    number of rows (a rating changes a handful of tallies)."""
    table = RatingTally._meta.db_table
    quote = connection.ops.quote_name
    user, kind, key, count, total = (
        quote(RatingTally._meta.get_field(name).column)
        for name in ("user", "kind", "key", "count", "total")
    )
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * rows)
    return (
        f"INSERT INTO {quote(table)} ({user}, {kind}, {key}, {count}, {total}) VALUES {values} "
        f"ON CONFLICT ({user}, {kind}, {key}) DO UPDATE SET "
        f"{count} = {quote(table)}.{count} + excluded.{count}, "
        f"{total} = {quote(table)}.{total} + excluded.{total}"
    )


def rebuild_tallies(users=None, *, answer_model=Answer, tally_model=RatingTally) -> int:
    """Count every rating again from the answers (for a migration, or data loaded in bulk;
    a migration passes its historical models)."""
    answers = answer_model.objects.filter(rating__isnull=False)
    tallies = tally_model.objects.all()
    if users is not None:
        answers = answers.filter(user__in=users)
        tallies = tallies.filter(user__in=users)
    rows: dict[tuple[int, str, str], list[int]] = {}

    def add(user_id, kind, key, count, total):
        row = rows.setdefault((user_id, kind, key), [0, 0])
        row[0] += count
        row[1] += total

    by_topic = (
        answers.filter(question__tags__isnull=False)
        .values_list("user_id", "question__tags__slug")
        .annotate(count=Count("pk"), total=Sum("rating"))
    )
    for user_id, slug, count, total in by_topic:
        add(user_id, Kind.TOPIC, slug, count, total)
    by_value = answers.values_list("user_id", "rating").annotate(count=Count("pk"))
    for user_id, rating, count in by_value:
        add(user_id, Kind.VALUE, str(rating), count, rating * count)
    zone = ZoneInfo(settings.TIME_ZONE)
    by_day = (
        answers.annotate(day=TruncDate("rated_at", tzinfo=zone))
        .values_list("user_id", "day")
        .annotate(count=Count("pk"), total=Sum("rating"))
    )
    for user_id, day, count, total in by_day:
        monday = (day - timedelta(days=day.weekday())).isoformat()
        add(user_id, Kind.WEEK, monday, count, total)
    with transaction.atomic():
        tallies.delete()
        tally_model.objects.bulk_create(
            (
                tally_model(user_id=user_id, kind=kind, key=key, count=count, total=total)
                for (user_id, kind, key), (count, total) in rows.items()
            ),
            batch_size=2_000,
        )
    return len(rows)

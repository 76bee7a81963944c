"""How long an interview on the start form would be: the size of the pool some topics
allow, and the estimate the start page shows beside its choices."""

from dataclasses import dataclass

from django.db.models import Avg, Count

from core.prepared import Prepared
from interview.selection import MIX, Mode
from questions.models import Question


@dataclass(frozen=True)
class PoolSize:
    """How many active questions carry any of some topics (all, if none), and their average
    suggested minutes (None when there are none)."""

    questions: int
    average_minutes: float | None


# The whole pool's size as one row (none when no question is active), compiled once per
# process (core.prepared): an aggregate() is built anew each time.
_whole_pool = Prepared(
    Question,
    lambda: (
        Question.objects.active()
        .order_by()
        .values("is_active")
        .annotate(size=Count("pk"), average=Avg("answer_minutes"))
        .values_list("size", "average")
    ),
)


def pool_size(topics: list[str]) -> PoolSize:
    """The size of the pool these topic slugs allow; one query."""
    if not any(topics):
        rows = _whole_pool.all()
        return PoolSize(*rows[0]) if rows else PoolSize(0, None)
    questions = Question.objects.active().tagged(*topics)
    size, average = questions.aggregate(
        size=Count("pk", distinct=True), average=Avg("answer_minutes")
    ).values()
    return PoolSize(size, average)


@dataclass(frozen=True)
class Estimate:
    """How many questions an interview would have, and about how many minutes it would take."""

    questions: int
    minutes: int


def estimate(
    *, mode: Mode, size: PoolSize, count: int, minutes: int | None, top_up: bool, counts
) -> Estimate | None:
    """The expected length of an interview: `count` questions (no more than the mode offers)
    at `minutes` each, or at the average suggested time of the pool the topics allow
    (`size`, from pool_size)."""
    pool_size, average = size.questions, size.average_minutes
    if mode.key == MIX:
        offered = pool_size
    else:
        # Counted over every topic: with topics ticked this is an upper bound, fine for a hint.
        offered = counts.get(mode.key, 0)
        if top_up and mode.top_up_mode:
            offered += counts.get(mode.top_up_mode, 0)
    drawn = min(count, offered)
    if not drawn or average is None:
        return None
    return Estimate(questions=drawn, minutes=max(1, round(drawn * (minutes or average))))

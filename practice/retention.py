"""What a change of desired retention would do, worked out before it is saved.

Reads only: the user's review log replayed at the current and at the proposed retention,
then each card followed forward for a month as if every review were rated Good when it
fell due.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F

from practice import related, scheduling
from practice.models import Card, LearnerSettings, Review

PREVIEW_DAYS = 30
GOOD, EASY = 3, 4


@dataclass(frozen=True)
class Effect:
    """One retention's workload and first intervals."""

    percent: int
    reviews_per_day: float
    new_good: timedelta  # a new question rated Good comes back after this
    new_easy: timedelta


@dataclass(frozen=True)
class Preview:
    current: Effect
    proposed: Effect


def retention_preview(*, user, value: float, now: datetime) -> Preview:
    """The effect of `value` beside that of the user's retention now; three queries."""
    current = LearnerSettings.objects.retention_of(user)
    cards = list(Card.objects.filter(user=user).scheduled().values_list("pk", "question_id"))
    links = related.links_around([question_id for _pk, question_id in cards])
    reviews = list(
        Review.objects.filter(user=user)
        .annotate(rated_at=F("answer__rated_at"))
        .order_by("reviewed_at", "pk")
        .only("question_id", "rating", "reviewed_at")
    )
    logs = {
        question_id: [
            review
            for review in reviews
            if review.question_id == question_id or review.question_id in links.get(question_id, ())
        ]
        for _pk, question_id in cards
    }
    return Preview(
        current=_effect(current, logs, now),
        proposed=_effect(value, logs, now),
    )


def _effect(retention: float, logs: dict, now: datetime) -> Effect:
    horizon = scheduling.utc(now + timedelta(days=PREVIEW_DAYS))
    now = scheduling.utc(now)
    due_reviews = 0
    for log in logs.values():
        card = scheduling.replay(retention, 0, log, question_id=-1)
        while card.due < horizon:
            due_reviews += 1
            at = max(card.due, now)
            card = scheduling.after_rating(retention, card, GOOD, at)
    intervals = scheduling.rating_intervals(retention, card=None, review=None, now=now)
    return Effect(
        percent=round(retention * 100),
        reviews_per_day=due_reviews / PREVIEW_DAYS,
        new_good=intervals[GOOD],
        new_easy=intervals[EASY],
    )

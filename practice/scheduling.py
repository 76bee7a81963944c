"""Spaced repetition with FSRS (py-fsrs): the one module that talks to the scheduler.

Pure computations only: what a rating or a replayed log makes of a card, what each rating
button would give, how likely recall is now. The writes (a rating's review and card, a
rebuild) are practice.services'; every function here takes the user's desired retention.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs

from practice.models import Card, Review

# Interview answers are not ten-minute flashcards: with no learning or relearning steps
# every rating schedules in whole days. A first "Good" comes back in 2 days, "Again" the
# next day, "Easy" in about a week.
LEARNING_STEPS: tuple[timedelta, ...] = ()
RELEARNING_STEPS: tuple[timedelta, ...] = ()
# Interview preparation runs on a horizon of months: even a mastered question returns
# within half a year.
MAXIMUM_INTERVAL_DAYS = 180
# Fuzzing (a random nudge of each interval) spreads the load of a deck of thousands of
# cards; on a bank of dozens it only makes the interval on a button differ from the one
# you get, and a rebuilt card differ from the one it replaces. So it is off.
ENABLE_FUZZING = False

# For interview preparation "partly right" means "not ready": a Partly comes back within
# three days, and never later than the interval before it; a Missed comes back the next
# day (FSRS alone, with no relearning steps, can put a lapse of a long-known answer days
# out, later than a Partly). FSRS keeps its own state: only these due dates are capped.
MISSED, PARTLY = 1, 2
CAP_AFTER = {MISSED: timedelta(days=1), PARTLY: timedelta(days=3)}
# A rating given long after the answer (the learner has just re-read the model answer on
# the rating page) must not make the question due at once: nothing comes back sooner than
# a day after its rating.
MINIMUM_AFTER_RATING = timedelta(days=1)

# Our 1–4 self-ratings are FSRS's four grades.
FSRS_RATING = {
    1: fsrs.Rating.Again,  # Missed it
    2: fsrs.Rating.Hard,  # Partly
    3: fsrs.Rating.Good,  # Good
    4: fsrs.Rating.Easy,  # Nailed it
}


@lru_cache(maxsize=32)
def scheduler(desired_retention: float) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=ENABLE_FUZZING,
    )


def utc(moment: datetime) -> datetime:
    """py-fsrs accepts only datetimes whose zone is exactly UTC."""
    return moment.astimezone(UTC)


def new_fsrs_card(card_id: int = 0) -> fsrs.Card:
    # An explicit id: without one py-fsrs sleeps a millisecond to make one up.
    return fsrs.Card(card_id=card_id)


def to_fsrs(card: Card) -> fsrs.Card:
    """The stored schedule as py-fsrs's Card (a new card if never reviewed)."""
    if card.last_review is None:
        return new_fsrs_card(card.pk or 0)
    return fsrs.Card(
        card_id=card.pk or 0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review),
    )


def store(card: Card, scheduled: fsrs.Card) -> None:
    """Copy py-fsrs's schedule onto our card (not saved)."""
    card.state = scheduled.state.value
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review


def due_after(
    rating: int, *, scheduled_due: datetime, before: fsrs.Card, at: datetime, rated_at: datetime
) -> datetime:
    """When a rated question comes back: FSRS's date (`scheduled_due`), except that a Missed
    comes back no later than a day after the answer, and a Partly no later than three days
    and than the previous interval; and nothing sooner than a day after the rating.

    `before` is the card as it was before the rating, `at` when the answer was given.
    """
    due = scheduled_due
    if rating in CAP_AFTER:
        cap = CAP_AFTER[rating]
        if rating == PARTLY and before.last_review is not None:
            cap = min(cap, before.due - before.last_review)
        due = min(due, at + cap)
    return max(due, rated_at + MINIMUM_AFTER_RATING)


def after_rating(
    retention: float,
    card: fsrs.Card,
    rating: int,
    at: datetime,
    duration_ms: int | None = None,
    *,
    rated_at: datetime | None = None,
) -> fsrs.Card:
    """The card as one rating of an answer given at `at` (rated at `rated_at`, by default
    then) leaves it, for a user who wants `retention`.

    State, stability and difficulty are FSRS's own, counted from `at` (the moment of
    recall); only the due date follows `due_after` (py-fsrs never reads a card's due date).
    """
    at = utc(at)
    scheduled, _log = scheduler(retention).review_card(
        card, FSRS_RATING[rating], review_datetime=at, review_duration=duration_ms
    )
    scheduled.due = utc(
        due_after(
            rating,
            scheduled_due=scheduled.due,
            before=card,
            at=at,
            rated_at=utc(rated_at or at),
        )
    )
    return scheduled


def replay(
    retention: float, card_id: int, reviews: Sequence[Review], *, question_id: int | None = None
) -> fsrs.Card:
    """Replay `reviews`, oldest first, from a new card: the schedule they add up to.

    Sets the `card_before` (the card as it was just before it) of each review of
    `question_id` (of every review, if None); saves nothing. A review's `rated_at` (read
    with it from its answer) is when it was rated.
    """
    scheduled = new_fsrs_card(card_id)
    for logged in reviews:
        if question_id is None or logged.question_id == question_id:
            logged.card_before = scheduled.to_dict()
        scheduled = after_rating(
            retention,
            scheduled,
            logged.rating,
            logged.reviewed_at,
            rated_at=getattr(logged, "rated_at", None),
        )
    return scheduled


def rating_intervals(
    retention: float,
    *,
    card: Card | None,
    review: Review | None,
    now: datetime,
    answered_at: datetime | None = None,
    rated_at: datetime | None = None,
) -> dict[int, timedelta]:
    """How long after the rating each rating 1–4 brings the question back.

    For an answer already rated (at `rated_at`), as of that review; otherwise as a rating
    now of the answer given at `answered_at`, from the card as it stands (or a new one).
    """
    if review is not None and review.card_before:
        before, at = fsrs.Card.from_dict(review.card_before), review.reviewed_at
        rated = rated_at or at
    else:
        before = to_fsrs(card) if card is not None else new_fsrs_card()
        at = answered_at or now
        if before.last_review is not None and utc(at) < before.last_review:
            at = now  # an old answer rated late replays the log; show a rating made now
        rated = now
    at, rated = utc(at), utc(max(rated, at))
    return {
        rating: after_rating(retention, before, rating, at, rated_at=rated).due - rated
        for rating in FSRS_RATING
    }


def retrievability(retention: float, card: Card, now: datetime) -> float:
    """The predicted chance of recalling the answer now (0 for a question never rated)."""
    if card.last_review is None:
        return 0.0
    return scheduler(retention).get_card_retrievability(to_fsrs(card), utc(now))

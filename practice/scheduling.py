"""Spaced repetition with FSRS (py-fsrs): the one module that talks to the scheduler.

Every self-rating reaches it through `rating_recorded`; changing a rating later rebuilds
that question's card from its review log, so nothing is ever counted twice.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs
from django.db import transaction

from interview.models import Answer
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


def _store(card: Card, scheduled: fsrs.Card) -> None:
    card.state = scheduled.state.value
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review


def _review(
    user, card: fsrs.Card, rating: int, at: datetime, duration_ms: int | None = None
) -> fsrs.Card:
    scheduled, _log = scheduler(user.desired_retention).review_card(
        card, FSRS_RATING[rating], review_datetime=utc(at), review_duration=duration_ms
    )
    return scheduled


def rating_recorded(*, answer, now: datetime) -> Card:
    """A rating was stored or changed for `answer`: log it and update the question's card.

    The review counts from when the answer was given (the moment of recall), not when it
    was rated. A first rating that is the newest review is applied directly; anything
    else (a changed rating, or an old answer rated late) replays the question's log.
    """
    user = answer.user
    reviewed_at = answer.submitted_at or now
    duration_ms = answer.seconds_used * 1000 if answer.seconds_used is not None else None
    # Called within the rating's own transaction (answer_rated): a failure here undoes the
    # whole rating, so a savepoint of its own would only cost two round trips.
    with transaction.atomic(savepoint=False):
        card, _created = Card.objects.select_for_update().get_or_create(
            user=user, question_id=answer.question_id
        )
        card.user = user
        if Answer.review.is_cached(answer):
            review = getattr(answer, "review", None)
        else:
            review = Review.objects.filter(answer=answer).first()
        newest = card.last_review is None or reviewed_at >= card.last_review
        if review is None and newest:
            before = to_fsrs(card)
            review = Review.objects.create(
                user=user,
                question_id=answer.question_id,
                answer=answer,
                rating=answer.rating,
                reviewed_at=reviewed_at,
                duration_ms=duration_ms,
                card_before=before.to_dict(),
            )
            _store(card, _review(user, before, answer.rating, reviewed_at, duration_ms))
            card.last_rating = answer.rating
            card.reviews += 1
            card.save()
            Answer.review.related.set_cached_value(answer, review)
            return card
        if review is None:
            review = Review.objects.create(
                user=user,
                question_id=answer.question_id,
                answer=answer,
                rating=answer.rating,
                reviewed_at=reviewed_at,
                duration_ms=duration_ms,
            )
        else:
            review.rating = answer.rating
            review.save(update_fields=["rating"])
        card = rebuild(card)
        # rebuild() refreshed the review's "card before"; the next page reads it.
        Answer.review.related.set_cached_value(answer, Review.objects.get(pk=review.pk))
        return card


def rebuild(card: Card) -> Card:
    """Replay every review of the card's question, oldest first, with the user's settings.

    Also refreshes each review's "card before" snapshot. Call inside a transaction with
    the card locked.
    """
    reviews = list(
        Review.objects.filter(user=card.user_id, question=card.question_id).order_by(
            "reviewed_at", "pk"
        )
    )
    scheduled = new_fsrs_card(card.pk)
    for review in reviews:
        review.card_before = scheduled.to_dict()
        scheduled = _review(card.user, scheduled, review.rating, review.reviewed_at)
    Review.objects.bulk_update(reviews, ["card_before"])
    if reviews:
        _store(card, scheduled)
        card.last_rating = reviews[-1].rating
    else:
        card.state, card.step, card.stability, card.difficulty = (
            Card.State.LEARNING,
            None,
            None,
            None,
        )
        card.due = card.last_review = card.last_rating = None
    card.reviews = len(reviews)
    card.save()
    return card


def reschedule_all(user) -> int:
    """Rebuild every card of `user` (after a change of desired retention); returns how many."""
    with transaction.atomic():
        cards = list(Card.objects.select_for_update().filter(user=user).select_related("user"))
        for card in cards:
            card.user = user
            rebuild(card)
    return len(cards)


def rating_intervals(
    user, *, card: Card | None, review: Review | None, now: datetime
) -> dict[int, timedelta]:
    """What each rating 1–4 would schedule: for an answer already rated, as of that review;
    otherwise as of now, from the card as it stands (or a new one)."""
    if review is not None and review.card_before:
        before, at = fsrs.Card.from_dict(review.card_before), review.reviewed_at
    else:
        before = to_fsrs(card) if card is not None else new_fsrs_card()
        at = now
    at = utc(at)
    return {rating: _review(user, before, rating, at).due - at for rating in FSRS_RATING}


def retrievability(user, card: Card, now: datetime) -> float:
    """The predicted chance of recalling the answer now (0 for a question never rated)."""
    if card.last_review is None:
        return 0.0
    return scheduler(user.desired_retention).get_card_retrievability(to_fsrs(card), utc(now))

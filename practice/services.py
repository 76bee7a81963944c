"""Every change to practice's data, one function each: the only code that saves its models.

Views and signal receivers call these; the FSRS arithmetic they rely on is in
practice.scheduling, which saves nothing.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from core.prepared import Prepared, PreparedUpdate
from core.prepared_insert import PreparedInsert
from interview.models import Answer
from practice import related, scheduling
from practice.models import RETENTION_MAX, RETENTION_MIN, Card, LearnerSettings, Review
from questions.models import Question


def _card_insert(*, user_id: int, question_id: int, first_seen_at: datetime | None = None) -> None:
    """Make a card in one statement (INSERT … ON CONFLICT DO NOTHING), without a savepoint.

    The only place a card is made. A card another request made in the meantime (a rating
    in a second tab) is kept as it is.
    """
    _new_card.insert(Card(user_id=user_id, question_id=question_id, first_seen_at=first_seen_at))


def card_for(*, user, question_id: int, lock: bool = True) -> Card:
    """The user's card for a question, made if there is none yet, with `desired_retention`
    and `has_related` (whether a rating of it also reschedules related questions' cards).

    With `lock` (call inside a transaction) the row is locked for the rest of it, whether it
    was found or just made.
    """
    cards = _locked_card if lock else _card
    try:
        card = cards.get(user.pk, question_id)
    except Card.DoesNotExist:
        _card_insert(user_id=user.pk, question_id=question_id)
        card = cards.get(user.pk, question_id)
    card.user = user
    return card


def _card_of(*, lock: bool) -> Prepared:
    """A user's card for a question with their retention and whether the question has
    related ones, compiled once per process (core.prepared): building these annotations
    cost more than running the query."""

    def build(user_id, question_id):
        cards = (
            Card.objects.with_retention()
            .annotate(has_related=related.has_related())
            .filter(user=user_id, question_id=question_id)
        )
        return cards.select_for_update() if lock else cards

    return Prepared(Card, build)


_card = _card_of(lock=False)
_locked_card = _card_of(lock=True)
# card.save() of a card read locked (so its row is there): every field, by its id,
# compiled once per process (core.prepared).
_save_card = PreparedUpdate(
    Card,
    [field.name for field in Card._meta.concrete_fields if not field.primary_key],
    lambda pk: Card.objects.filter(pk=pk),
)
# What a first rating changes on its card (scheduling.store, the rating, the count): only
# these, by its id, compiled once per process; the card is locked, so nothing else moved.
_save_rated_card = PreparedUpdate(
    Card,
    ["state", "step", "stability", "difficulty", "due", "last_review", "last_rating", "reviews"],
    lambda pk: Card.objects.filter(pk=pk),
)


# A new card (INSERT … ON CONFLICT DO NOTHING) and a new review, compiled once per process
# (core.prepared_insert): the statements bulk_create() and create() send.
_new_card = PreparedInsert(Card, ignore_conflicts=True)
_new_review = PreparedInsert(Review)
# A review's rating and its "card before", each saved by its id; the reviews a rebuild
# replays, for a log of a few questions (a card and its related ones). All compiled once per
# process (core.prepared); a longer list (a rebuild of every card) is left to the ORM.
_save_review_rating = PreparedUpdate(Review, ["rating"], lambda pk: Review.objects.filter(pk=pk))
_save_card_before = PreparedUpdate(Review, ["card_before"], lambda pk: Review.objects.filter(pk=pk))
_PREPARED_LOGS_UP_TO = 8


def _reviews_to_replay_of(user_id, question_ids):
    return (
        Review.objects.filter(user=user_id, question__in=question_ids)
        .annotate(rated_at=F("answer__rated_at"))
        .order_by("reviewed_at", "pk")
    )


_reviews_to_replay = Prepared(Review, _reviews_to_replay_of)


def card_mark_seen(*, user_id: int, question_id: int, now: datetime) -> None:
    """A question shown once is no longer new, whatever happens to the answer.

    One UPDATE when the card exists (the usual case); otherwise the card is made already
    seen, and one made meanwhile by another request is marked seen too.
    """
    cards = Card.objects.filter(user_id=user_id, question_id=question_id)
    if cards.update(first_seen_at=Coalesce(F("first_seen_at"), now)):
        return
    _card_insert(user_id=user_id, question_id=question_id, first_seen_at=now)
    cards.filter(first_seen_at__isnull=True).update(first_seen_at=now)


def card_star(*, user, question: Question, starred: bool) -> Card:
    """Star or unstar a question for the user."""
    with transaction.atomic():
        card = card_for(user=user, question_id=question.pk)
        card.starred = starred
        card.save(update_fields=["starred"])
    card.question = question
    return card


def rating_schedule(*, answer: Answer, now: datetime) -> Card:
    """A rating was stored or changed for `answer`: log it and update the question's card
    (and the cards of its related questions, which share its log).

    The review counts from when the answer was given (the moment of recall), not when it
    was rated; the rating time only keeps the question from coming back sooner than a day
    later (scheduling.due_after). A first rating that is the newest review of a question
    without related ones is applied directly; anything else (a changed rating, an old
    answer rated late, a related question) replays the log.
    """
    user = answer.user
    reviewed_at = answer.submitted_at or now
    rated_at = answer.rated_at or now
    duration_ms = answer.seconds_used * 1000 if answer.seconds_used is not None else None
    # Called within the rating's own transaction (answer_rated): a failure here undoes the
    # whole rating, so a savepoint of its own would only cost two round trips.
    with transaction.atomic(savepoint=False):
        card = card_for(user=user, question_id=answer.question_id)
        if Answer.review.is_cached(answer):
            review = getattr(answer, "review", None)
        else:
            review = Review.objects.filter(answer=answer).first()
        newest = card.last_review is None or reviewed_at >= card.last_review
        if review is None and newest and not card.has_related:
            before = scheduling.to_fsrs(card)
            review = Review(
                user=user,
                question_id=answer.question_id,
                answer=answer,
                rating=answer.rating,
                reviewed_at=reviewed_at,
                duration_ms=duration_ms,
                card_before=before.to_dict(),
            )
            _new_review.insert(review)
            scheduling.store(
                card,
                scheduling.after_rating(
                    card.desired_retention,
                    before,
                    answer.rating,
                    reviewed_at,
                    duration_ms,
                    rated_at=rated_at,
                ),
            )
            card.last_rating = answer.rating
            card.reviews += 1
            _save_rated_card.save(card)
            Answer.review.related.set_cached_value(answer, review)
            return card
        if review is None:
            review = Review(
                user=user,
                question_id=answer.question_id,
                answer=answer,
                rating=answer.rating,
                reviewed_at=reviewed_at,
                duration_ms=duration_ms,
            )
            _new_review.insert(review)
        else:
            review.rating = answer.rating
            _save_review_rating.save(review)
        cards, links = [card], {}
        if card.has_related:
            links = related.links_around([card.question_id])
            cards += _cards_locked(user, links.get(card.question_id, set()))
        replayed = cards_rebuild(cards=cards, links=links)
        # cards_rebuild() refreshed the review's "card before" (and saved it); the next page
        # reads it: the review as the replay read and left it, as a query would give it now.
        Answer.review.related.set_cached_value(answer, replayed[review.pk])
        return card


def _cards_locked(user, question_ids) -> list[Card]:
    """The user's cards for these questions, made if missing, locked, with retention."""
    if not question_ids:
        return []
    Card.objects.bulk_create(
        [Card(user_id=user.pk, question_id=pk) for pk in question_ids], ignore_conflicts=True
    )
    cards = list(
        Card.objects.select_for_update()
        .filter(user=user, question__in=question_ids)
        .with_retention()
        .order_by("pk")
    )
    for card in cards:
        card.user = user
    return cards


def card_rebuild(*, card: Card) -> Card:
    """Replay the card's log (see cards_rebuild); call as cards_rebuild says."""
    links = related.links_around([card.question_id]) if getattr(card, "has_related", True) else {}
    cards_rebuild(cards=[card], links=links)
    return card


def cards_rebuild(*, cards: list[Card], links: dict[int, set[int]]) -> dict[int, Review]:
    """Replay each card's log, oldest first, with its user's retention: the reviews of its
    question and of the questions `links` relates to it. One user's cards.

    Also refreshes the "card before" snapshot of each review of the card's own question.
    Call inside a transaction with the cards locked and read `with_retention()`. Returns
    the reviews replayed, by id, as saved.
    """
    if not cards:
        return {}
    logs = {
        card.question_id: {card.question_id, *links.get(card.question_id, ())} for card in cards
    }
    question_ids = sorted(set().union(*logs.values()))
    if len(question_ids) <= _PREPARED_LOGS_UP_TO:
        reviews = _reviews_to_replay.all(cards[0].user_id, question_ids)
    else:
        reviews = list(_reviews_to_replay_of(cards[0].user_id, question_ids))
    snapshots = {review.pk: review.card_before for review in reviews}
    for card in cards:
        log = [review for review in reviews if review.question_id in logs[card.question_id]]
        scheduled = scheduling.replay(
            card.desired_retention, card.pk, log, question_id=card.question_id
        )
        if log:
            scheduling.store(card, scheduled)
            card.last_rating = log[-1].rating
        else:
            card.state, card.step, card.stability, card.difficulty = (
                Card.State.LEARNING,
                None,
                None,
                None,
            )
            card.due = card.last_review = card.last_rating = None
        card.reviews = len(log)
        _save_card.save(card)
    # Only the snapshots that changed (usually just the newest review's), so a rating costs
    # the same queries however long the log.
    changed = [review for review in reviews if review.card_before != snapshots[review.pk]]
    if len(changed) == 1:
        _save_card_before.save(changed[0])
    else:
        Review.objects.bulk_update(changed, ["card_before"])
    return {review.pk: review for review in reviews}


def cards_reschedule(*, user) -> int:
    """Rebuild every card of `user` (after a change of desired retention); returns how many."""
    with transaction.atomic():
        cards = list(Card.objects.select_for_update().filter(user=user).with_retention())
        for card in cards:
            card.user = user
        links = related.links_around([card.question_id for card in cards])
        cards_rebuild(cards=cards, links=links)
    return len(cards)


def retention_set(*, user, value: float) -> int:
    """Set the user's desired retention; every review date is worked out again with it.

    Returns how many cards were rescheduled (none when the value is the one they had).
    """
    if not RETENTION_MIN <= value <= RETENTION_MAX:
        raise ValueError(f"desired retention {value} is outside {RETENTION_MIN}–{RETENTION_MAX}")
    with transaction.atomic():
        if value == LearnerSettings.objects.retention_of(user):
            return 0
        LearnerSettings.objects.update_or_create(user=user, defaults={"desired_retention": value})
        return cards_reschedule(user=user)

"""What practice adds to other apps' pages: intervals on rating buttons, status in the bank."""

from datetime import datetime

from django.db.models import FilteredRelation, Q

from core.prepared import Prepared
from interview.models import Answer
from practice import scheduling
from practice.models import RETENTION_DEFAULT, Card, Review, retention_of
from questions.models import Question


def rating_intervals(answers, *, user, now: datetime) -> None:
    """Give each answer `rating_intervals`: {rating: timedelta} for its rating buttons,
    and `next_review`: the due date of the user's card for its question (or None).

    One query for any number of answers (the user's cards for their questions, and the
    user's desired retention), plus one for their reviews unless they were loaded with the
    answers; none for the cards when a rating just scheduled them (`scheduled_card`).
    """
    reviews = {}
    missing = []
    for answer in answers:
        if Answer.review.is_cached(answer):
            reviews[answer.pk] = getattr(answer, "review", None)
        else:
            missing.append(answer.pk)
    if missing:
        reviews |= {r.answer_id: r for r in Review.objects.filter(answer__in=missing)}
    question_ids = {answer.question_id for answer in answers}
    # A rating just scheduled left its card (with the retention) on the answer.
    known = {
        answer.question_id: answer.scheduled_card
        for answer in answers
        if getattr(answer, "scheduled_card", None) is not None
    }
    if known and known.keys() == question_ids:
        cards, retention = known, next(iter(known.values())).desired_retention
    else:
        cards, retention = _cards_and_retention(user, question_ids)
    for answer in answers:
        card = cards.get(answer.question_id)
        # When the question comes back (the summary's "next review" column).
        answer.next_review = card.due if card is not None else None
        answer.rating_intervals = scheduling.rating_intervals(
            retention,
            card=cards.get(answer.question_id),
            review=reviews.get(answer.pk),
            now=now,
            answered_at=answer.submitted_at,
            rated_at=answer.rated_at,
        )


_CARD_FIELDS = Card._meta.concrete_fields
# Compiled once per process and number of questions (core.prepared): building this query
# cost more than running it.
_cards_of_questions = Prepared(
    Question,
    lambda user_id, question_ids: (
        Question.objects.filter(pk__in=question_ids)
        .annotate(
            mine=FilteredRelation("cards", condition=Q(cards__user=user_id)),
            retention=retention_of(user_id),
        )
        .values_list("retention", *(f"mine__{field.name}" for field in _CARD_FIELDS))
    ),
)


def _cards_and_retention(user, question_ids) -> tuple[dict[int, Card], float]:
    """The user's cards for these questions, by question, and the user's desired retention.

    One query, driven by the questions so that it has a row (and the retention) even when
    the user has no card for any of them.
    """
    if not question_ids:
        return {}, RETENTION_DEFAULT
    rows = _cards_of_questions.all(user.pk, sorted(question_ids))
    names = [field.attname for field in _CARD_FIELDS]
    cards, retention = {}, RETENTION_DEFAULT
    for row in rows:
        retention, values = row[0], row[1:]
        if values[0] is not None:  # the question has a card
            card = Card.from_db(Card.objects.db, names, values)
            cards[card.question_id] = card
    return cards, retention

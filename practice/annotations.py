"""What practice adds to other apps' pages: intervals on rating buttons, status in the bank."""

from datetime import datetime

from practice import scheduling
from practice.models import Card, Review


def rating_intervals(answers, *, user, now: datetime) -> None:
    """Give each answer `rating_intervals`: {rating: timedelta} for its rating buttons.

    Two queries for any number of answers: their reviews, and the user's cards for their
    questions.
    """
    reviews = {review.answer_id: review for review in Review.objects.filter(answer__in=answers)}
    question_ids = {answer.question_id for answer in answers}
    cards = {
        card.question_id: card
        for card in Card.objects.filter(user=user, question_id__in=question_ids)
    }
    for answer in answers:
        answer.rating_intervals = scheduling.rating_intervals(
            user,
            card=cards.get(answer.question_id),
            review=reviews.get(answer.pk),
            now=now,
        )

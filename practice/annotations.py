"""What practice adds to other apps' pages: intervals on rating buttons, status in the bank."""

from datetime import datetime

from interview.models import Answer
from practice import scheduling
from practice.models import Card, Review


def rating_intervals(answers, *, user, now: datetime) -> None:
    """Give each answer `rating_intervals`: {rating: timedelta} for its rating buttons.

    One query for any number of answers (the user's cards for their questions), plus one
    for their reviews unless they were loaded with the answers.
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

"""The two rules laid over FSRS's dates: a Partly or a Missed comes back soon, and a late
rating never makes a question due at once. Tested on a moved clock."""

from datetime import timedelta

import pytest

from interview import selection, services
from practice import scheduling
from practice.models import RETENTION_DEFAULT, Card, Review
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def card_of(user, question) -> Card:
    return Card.objects.get(user=user, question=question)


def in_days(interval: timedelta) -> float:
    return round(interval / DAY, 2)


def test_a_partly_keeps_fsrs_state_and_only_its_due_date_is_capped(user, answer_and_rate):
    """State, stability and difficulty are FSRS's own; the log holds the rating as given."""
    question = QuestionFactory()
    at = START
    for rating in (3, 3, 2):
        answer_and_rate(user, question, at=at, rating=rating)
        at = card_of(user, question).due
    card = card_of(user, question)

    fsrs_card = scheduling.new_fsrs_card(card.pk)
    for review in Review.objects.filter(question=question).order_by("reviewed_at"):
        fsrs_card, _log = scheduling.scheduler(RETENTION_DEFAULT).review_card(
            fsrs_card, scheduling.FSRS_RATING[review.rating], review_datetime=review.reviewed_at
        )
    assert (card.state, card.stability, card.difficulty, card.last_review) == (
        fsrs_card.state.value,
        fsrs_card.stability,
        fsrs_card.difficulty,
        fsrs_card.last_review,
    )
    assert in_days(fsrs_card.due - card.last_review) == 32  # what FSRS alone would give
    assert in_days(card.due - card.last_review) == 3
    assert list(Review.objects.filter(question=question).values_list("rating", flat=True)) == [
        3,
        3,
        2,
    ]


def test_the_rating_buttons_show_the_capped_intervals_they_then_give(user, answer_and_rate):
    question = QuestionFactory()
    answer_and_rate(user, question, at=START, rating=3)
    answer_and_rate(user, question, at=card_of(user, question).due, rating=3)  # 11 days
    due = card_of(user, question).due
    answer = answer_and_rate(user, question, at=due)  # answered, not rated yet

    card = card_of(user, question)
    rated_at = due + timedelta(seconds=100)
    shown = scheduling.rating_intervals(
        RETENTION_DEFAULT, card=card, review=None, now=rated_at, answered_at=answer.submitted_at
    )
    assert {rating: in_days(interval) for rating, interval in shown.items()} == {
        1: 1,
        2: 3,
        3: 46,
        4: 77,
    }
    for rating in (1, 2, 3, 4):
        answer = services.answer_rate(answer=answer, rating=rating, note=None, now=rated_at)
        assert card_of(user, question).due - rated_at == shown[rating], rating


def test_a_rating_given_late_never_makes_the_question_due_at_once(clock, user, answer_and_rate):
    """Answered on day 3, rated Good on day 5: FSRS alone would make it due on day 5, so it
    would come straight back in the next due session."""
    question = QuestionFactory()
    answer = answer_and_rate(user, question, at=START + 3 * DAY)

    clock.move_to(START + 5 * DAY)
    rated_at = scheduling.utc(START + 5 * DAY)
    services.answer_rate(answer=answer, rating=3, note=None, now=rated_at)

    card = card_of(user, question)
    assert card.last_review == answer.submitted_at  # FSRS counts from the recall
    assert card.due == rated_at + DAY
    later_that_day = selection.Choice(
        user=user, tags=[], count=5, now=rated_at + timedelta(minutes=10)
    )
    assert selection.pick(selection.get_mode("due"), later_that_day) == []
    clock.move_to(rated_at + DAY)
    next_day = selection.Choice(user=user, tags=[], count=5, now=rated_at + DAY)
    assert selection.pick(selection.get_mode("due"), next_day) == [question]


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_every_rating_given_late_comes_back_no_sooner_than_a_day_after_it(
    clock, user, answer_and_rate, rating
):
    question = QuestionFactory()
    answer = answer_and_rate(user, question, at=START)
    rated_at = START + 6 * DAY
    clock.move_to(rated_at)
    services.answer_rate(answer=answer, rating=rating, note=None, now=rated_at)
    due = card_of(user, question).due
    assert due >= rated_at + DAY
    if rating == 4:
        assert due == answer.submitted_at + 8 * DAY  # FSRS's own date, already past the day


def test_the_buttons_of_a_late_rating_say_how_long_from_the_rating(clock, user, answer_and_rate):
    question = QuestionFactory()
    answer = answer_and_rate(user, question, at=START)
    now = START + 5 * DAY
    clock.move_to(now)
    shown = scheduling.rating_intervals(
        RETENTION_DEFAULT, card=None, review=None, now=now, answered_at=answer.submitted_at
    )
    # Good and Easy count from the answer (2 and 8 days), then from the rating.
    assert {rating: in_days(interval) for rating, interval in shown.items()} == {
        1: 1,
        2: 1,
        3: 1,
        4: 3,
    }

"""Every rating feeds FSRS; intervals for known sequences; rebuilding; desired retention."""

from datetime import timedelta

import pytest

from accounts.tests.factories import UserFactory
from interview import services
from practice import scheduling
from practice import services as practice_services
from practice.models import RETENTION_DEFAULT, Card, Review
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

SUBMITTED_AFTER = timedelta(seconds=90)
RATED_AFTER = timedelta(seconds=100)  # answer_and_rate's


def card_of(user, question) -> Card:
    return Card.objects.get(user=user, question=question)


def days_until_due(card: Card, since) -> float:
    return round((card.due - since) / timedelta(days=1), 3)


@pytest.mark.parametrize(
    ("ratings", "intervals"),
    [
        ([3], [2]),
        ([1], [1]),
        ([2], [1]),
        ([4], [8]),
        ([3, 3, 3, 3], [2, 11, 46, 163]),
        ([3, 1, 3], [2, 1, 2]),
        ([1, 1, 1], [1, 1, 1]),
        ([4, 4, 4], [8, 66, 180]),  # capped at MAXIMUM_INTERVAL_DAYS
        # A Partly comes back within 3 days and never later than the interval before it
        # (FSRS alone: 3, 7 / 8 / 32 / 27 / 116 days) ...
        ([2, 2, 2], [1, 1, 1]),
        ([3, 2], [2, 2]),
        ([3, 3, 2], [2, 11, 3]),
        ([4, 2], [8, 3]),
        # ... while FSRS keeps the stability a Partly leaves, so a Good after it grows on.
        ([3, 3, 3, 2, 3], [2, 11, 46, 3, 123]),
        # A Missed comes back the next day, even where FSRS alone would wait 5 days.
        ([4, 4, 2, 1], [8, 66, 3, 1]),
    ],
)
def test_intervals_in_whole_days_for_known_rating_sequences(
    clock, user, answer_and_rate, ratings, intervals
):
    """Each review happens when the previous one fell due (fuzzing is off)."""
    question = QuestionFactory()
    at = START
    got = []
    for rating in ratings:
        answer_and_rate(user, question, at=at, rating=rating)
        card = card_of(user, question)
        reviewed_at = at + SUBMITTED_AFTER
        got.append(days_until_due(card, reviewed_at))
        at = card.due - SUBMITTED_AFTER
    assert got == intervals
    card = card_of(user, question)
    assert card.reviews == len(ratings)
    assert card.last_rating == ratings[-1]
    assert Review.objects.filter(user=user, question=question).count() == len(ratings)


def test_a_review_counts_from_when_the_answer_was_given_not_when_rated(user, answer_and_rate):
    question = QuestionFactory()
    answer = answer_and_rate(user, question, at=START)
    services.answer_rate(answer=answer, rating=3, note=None, now=START + timedelta(days=1))
    review = Review.objects.get(answer=answer)
    assert review.reviewed_at == START + SUBMITTED_AFTER
    assert review.duration_ms == 90_000
    assert card_of(user, question).due == START + SUBMITTED_AFTER + timedelta(days=2)


def test_unrated_answers_are_not_scheduled_but_the_question_is_no_longer_new(user, answer_and_rate):
    question = QuestionFactory()
    answer_and_rate(user, question)
    card = card_of(user, question)
    assert card.first_seen_at == START
    assert card.due is None and card.reviews == 0
    assert not Review.objects.exists()


def test_showing_a_question_marks_its_card_seen_once_and_keeps_the_rest(user, answer_and_rate):
    starred, seen_before = QuestionFactory(), QuestionFactory()
    CardFactory(user=user, question=starred, starred=True)  # starred, never shown
    CardFactory(user=user, question=seen_before, first_seen_at=START - timedelta(days=3))
    answer_and_rate(user, starred)
    answer_and_rate(user, seen_before)
    card = card_of(user, starred)
    assert card.first_seen_at == START and card.starred
    assert card_of(user, seen_before).first_seen_at == START - timedelta(days=3)
    assert Card.objects.filter(user=user).count() == 2


def test_changing_a_rating_rebuilds_the_card_and_counts_nothing_twice(user, answer_and_rate):
    question, fresh = QuestionFactory(), QuestionFactory()
    answer = answer_and_rate(user, question, rating=3)
    services.answer_rate(answer=answer, rating=1, note=None, now=START + timedelta(hours=1))
    answer_and_rate(user, fresh, rating=1)  # the same history, rated 1 straight away

    changed, reference = card_of(user, question), card_of(user, fresh)
    assert Review.objects.filter(question=question).count() == 1
    assert changed.reviews == 1 and changed.last_rating == 1
    for field in ("state", "step", "stability", "difficulty", "last_review"):
        assert getattr(changed, field) == getattr(reference, field), field
    # Changed an hour later, it comes back a day after the change.
    assert changed.due == START + timedelta(hours=1, days=1)


def test_changing_an_older_rating_replays_the_later_reviews_in_order(user, answer_and_rate):
    question, reference_question = QuestionFactory(), QuestionFactory()
    first = answer_and_rate(user, question, at=START, rating=3)
    later = START + timedelta(days=2)
    answer_and_rate(user, question, at=later, rating=3)
    services.answer_rate(answer=first, rating=1, note=None, now=later + timedelta(hours=1))

    answer_and_rate(user, reference_question, at=START, rating=1)
    answer_and_rate(user, reference_question, at=later, rating=3)
    card, reference = card_of(user, question), card_of(user, reference_question)
    assert (card.stability, card.difficulty, card.due) == (
        reference.stability,
        reference.difficulty,
        reference.due,
    )
    assert card.reviews == 2


def test_rating_an_old_answer_late_slots_it_into_the_log_in_order(user, answer_and_rate):
    """An answer given first but rated after a newer one still counts first."""
    question, reference_question = QuestionFactory(), QuestionFactory()
    old = answer_and_rate(user, question, at=START)
    answer_and_rate(user, question, at=START + timedelta(days=3), rating=3)
    services.answer_rate(answer=old, rating=2, note=None, now=START + timedelta(days=4))

    answer_and_rate(user, reference_question, at=START, rating=2)
    answer_and_rate(user, reference_question, at=START + timedelta(days=3), rating=3)
    card, reference = card_of(user, question), card_of(user, reference_question)
    assert (card.stability, card.due, card.reviews) == (
        reference.stability,
        reference.due,
        reference.reviews,
    )


def test_the_same_rating_again_changes_nothing(user, answer_and_rate):
    question = QuestionFactory()
    answer = answer_and_rate(user, question, rating=3)
    before = card_of(user, question)
    services.answer_rate(answer=answer, rating=3, note="just a note", now=START + timedelta(days=1))
    after = card_of(user, question)
    assert (after.due, after.reviews, after.stability) == (
        before.due,
        before.reviews,
        before.stability,
    )


def test_a_higher_desired_retention_brings_reviews_closer_for_that_user_only(user, answer_and_rate):
    question = QuestionFactory()
    other = UserFactory()
    for person in (user, other):
        answer_and_rate(person, question, rating=3)
    before = card_of(user, question).due

    assert practice_services.retention_set(user=user, value=0.97) == 1

    after = card_of(user, question)
    assert after.due < before
    assert card_of(other, question).due == before
    # The same as if the user had always asked for 0.97.
    expected = scheduling.after_rating(
        0.97,
        scheduling.new_fsrs_card(),
        3,
        START + SUBMITTED_AFTER,
        rated_at=START + RATED_AFTER,
    )
    assert after.due == expected.due


def test_rating_intervals_are_what_each_rating_would_schedule(user, answer_and_rate):
    question = QuestionFactory()
    answer = answer_and_rate(user, question)
    intervals = scheduling.rating_intervals(RETENTION_DEFAULT, card=None, review=None, now=START)
    assert {rating: interval.days for rating, interval in intervals.items()} == {
        1: 1,
        2: 1,
        3: 2,
        4: 8,
    }
    # Once rated, the buttons show what each rating would have given at that review.
    answer = services.answer_rate(answer=answer, rating=4, note=None, now=START)
    review = Review.objects.get(answer=answer)
    again = scheduling.rating_intervals(
        RETENTION_DEFAULT,
        card=card_of(user, question),
        review=review,
        now=START + timedelta(days=5),
    )
    assert again == intervals

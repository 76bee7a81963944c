"""Related questions (the same question asked two ways) share a schedule and never meet in
one interview."""

import random
from datetime import timedelta

import pytest

from interview import selection, services
from interview.tests.factories import AnswerFactory, InterviewFactory
from practice.models import Card, Review
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """q09-2 and q32: the same Attention question, linked as related (both ways)."""
    first, second = QuestionFactory(slug="q09-2"), QuestionFactory(slug="q32")
    first.related.add(second)
    return first, second


def card_of(user, question) -> Card:
    return Card.objects.get(user=user, question=question)


SCHEDULE = ("state", "stability", "difficulty", "due", "last_review", "last_rating", "reviews")


def schedule(card: Card) -> tuple:
    return tuple(getattr(card, field) for field in SCHEDULE)


def test_rating_one_counts_as_a_review_of_the_other(user, pair, answer_and_rate):
    first, second = pair
    answer_and_rate(user, first, at=START, rating=3)

    rated, twin = card_of(user, first), card_of(user, second)
    assert twin.due == rated.due == START + timedelta(seconds=90) + timedelta(days=2)
    assert schedule(twin) == schedule(rated)
    assert twin.reviews == 1 and twin.first_seen_at is None
    # The log holds one review, of the question answered.
    assert list(Review.objects.values_list("question__slug", flat=True)) == ["q09-2"]

    # Answering the other one when it falls due continues the same schedule.
    answer_and_rate(user, second, at=rated.due, rating=3)
    rated, twin = card_of(user, first), card_of(user, second)
    assert schedule(rated) == schedule(twin)
    assert rated.reviews == 2
    assert round((rated.due - rated.last_review) / timedelta(days=1)) == 11  # Good, Good


def test_changing_a_rating_moves_both(user, pair, answer_and_rate):
    first, second = pair
    answer = answer_and_rate(user, first, at=START, rating=4)
    services.answer_rate(answer=answer, rating=1, note=None, now=START + timedelta(minutes=5))
    assert card_of(user, second).due == card_of(user, first).due
    assert card_of(user, second).last_rating == 1


def test_a_question_scheduled_through_its_twin_is_no_longer_new(user, pair, answer_and_rate):
    first, second = pair
    other = QuestionFactory()
    answer_and_rate(user, first, at=START, rating=3)
    choice = selection.Choice(user=user, tags=[], count=5, now=START, rng=random.Random(1))
    assert selection.pick(selection.get_mode("new"), choice) == [other]


@pytest.mark.parametrize("mode", ["mix", "due", "starred", "weakest"])
def test_never_two_related_questions_in_one_interview(user, pair, mode, answer_and_rate):
    first, second = pair
    others = [QuestionFactory() for _ in range(3)]
    for question in (first, second, *others):
        Card.objects.update_or_create(user=user, question=question, defaults={"starred": True})
    # Every question rated, so both twins are due (and scheduled, and weak) together.
    for question in (second, *others):
        answer_and_rate(user, question, at=START - timedelta(days=30), rating=1)
    for seed in range(8):
        choice = selection.Choice(
            user=user, tags=[], count=5, now=START, rng=random.Random(seed), prefer_unseen=False
        )
        picked = selection.pick(selection.get_mode(mode), choice)
        assert not {first, second} <= set(picked), (seed, picked)
        assert len(picked) == 4  # one of the twins and the three others: topped up


def test_practising_again_drops_a_related_question_from_an_old_interview(user, pair):
    first, second = pair
    old = InterviewFactory(user=user, question_count=2, started_at=START)
    for position, question in enumerate(pair, start=1):
        AnswerFactory(interview=old, position=position, question=question, done=True, rating=1)
    retry = services.interview_retry(interview=old, now=START + timedelta(hours=1))
    assert [answer.question for answer in retry.answers.order_by("position")] == [first]

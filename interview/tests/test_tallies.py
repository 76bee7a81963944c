"""The rating tallies behind the progress page stay equal to counting every rating again."""

from datetime import timedelta

import pytest

from interview import services
from interview.models import RatingTally
from interview.tallies import rebuild_tallies
from interview.tests.factories import UserFactory, interview_with
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def tallies(user) -> dict:
    return {
        (t.kind, t.key): (t.count, t.total)
        for t in RatingTally.objects.filter(user=user)
        if t.count
    }


def test_ratings_given_and_changed_are_tallied_like_a_recount():
    user, other = UserFactory(), UserFactory()
    llm, rl = TagFactory(slug="llm"), TagFactory(slug="rl")
    questions = [QuestionFactory(tags=[llm]), QuestionFactory(tags=[llm, rl])]
    interview = interview_with(user, questions, now=START)
    for position, rating in ((1, 4), (2, 2)):
        answer = services.answer_show(answer=interview.answers.get(position=position), now=START)
        answer = services.answer_submit(answer=answer, text="x", now=START)
        services.answer_rate(answer=answer, rating=rating, note=None, now=START)
    # Changed a week later: out of the old week and value, into the new ones.
    later = START + timedelta(days=8)
    services.answer_rate(answer=interview.answers.get(position=2), rating=3, note=None, now=later)
    assert tallies(user) == {
        ("topic", "llm"): (2, 7),
        ("topic", "rl"): (1, 3),
        ("value", "4"): (1, 4),
        ("value", "3"): (1, 3),
        ("week", "2025-03-03"): (1, 4),
        ("week", "2025-03-10"): (1, 3),
    }
    incremental = tallies(user)
    rebuild_tallies()
    assert tallies(user) == incremental
    assert tallies(other) == {}

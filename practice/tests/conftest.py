"""Practice tests read the English wording, and answer and rate questions in one step; the
root conftest has the clock and users."""

from datetime import timedelta

import pytest

from interview import services
from interview.tests.factories import interview_with
from testsupport import START, english_client


@pytest.fixture
def client():
    return english_client()


@pytest.fixture
def answer_and_rate():
    """Answer `question` in a one-question interview at `at`, and rate it (if `rating`)."""

    def run(person, question, *, at=START, rating=None, text="my answer"):
        interview = interview_with(person, [question], now=at)
        answer = services.answer_show(answer=interview.answers.get(), now=at)
        answer = services.answer_submit(answer=answer, text=text, now=at + timedelta(seconds=90))
        if rating is not None:
            answer = services.answer_rate(
                answer=answer, rating=rating, note=None, now=at + timedelta(seconds=100)
            )
        return answer

    return run

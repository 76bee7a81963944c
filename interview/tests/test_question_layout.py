"""The question page's markup for its sticky bars: the clock named "Time left" (short on
phones), the question repeated in the header, and the rating bar holding its confirmation
beside "Next". How it looks is checked in browser_tests/test_sticky_bars.py."""

import re

import pytest
from django.test import Client

from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START, english_client

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def interview(user):
    questions = [QuestionFactory(title="What is attention?"), QuestionFactory()]
    return interview_with(user, questions, now=START, minutes=2)


def dock(page: str) -> str:
    match = re.search(r'<div class="rating-dock" data-sticky="bottom">(.*)</section>', page, re.S)
    assert match, "the reveal has no rating bar"
    return match[1]


@pytest.mark.parametrize(
    ("language", "long", "short", "saved"),
    [
        ("en", "Time left", "Time left", "Saved: Nailed it"),
        ("zh-hans", "剩余时间", "剩余", "已保存：完美"),
    ],
)
def test_the_clock_is_labelled_and_the_rating_is_confirmed_beside_next(
    clock, user, interview, language, long, short, saved
):
    client = english_client() if language == "en" else Client(headers={"accept-language": "zh"})
    client.force_login(user)
    question = client.get(f"/interviews/{interview.pk}/q/1/").content.decode()
    assert 'role="timer" aria-live="off" aria-labelledby="countdown-label"' in question
    labels = re.findall(r'<span class="countdown-label[^"]*"[^>]*>([^<]*)</span>', question)
    assert labels == ([long] if short == long else [long, short])
    assert '<p class="qp-mini-title" aria-hidden="true">What is attention?</p>' in question

    client.post(f"/interviews/{interview.pk}/q/1/submit/", {"text": "Weights.", "action": "submit"})
    reveal = client.get(f"/interviews/{interview.pk}/q/1/").content.decode()
    assert "{#" not in reveal and "#}" not in reveal
    bar = dock(reveal)
    assert 'class="rating"' in bar and "next-actions" in bar
    assert '<p class="save-status rating-status" role="status"></p>' in bar

    rated = client.post(f"/interviews/{interview.pk}/q/1/rate/", {"rating": 4}, **HTMX)
    assert (
        f'<p class="save-status rating-status" role="status">{saved}</p>' in rated.content.decode()
    )

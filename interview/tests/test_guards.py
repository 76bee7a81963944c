"""Guards on starting interviews: one interview per form token, even sent five times at
once; a cap on unfinished interviews; a limit on starts per user."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from interview.limits import MAX_OPEN_INTERVIEWS, START_LIMIT, START_WINDOW_SECONDS
from interview.models import Interview
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START, english_client

pytestmark = pytest.mark.django_db


def start_data(token="form-1", **extra):
    return {"mode": "mix", "question_count": 1, "token": token} | extra


def test_the_same_start_form_sent_twice_starts_one_interview(user, user_client):
    QuestionFactory.create_batch(3)
    first = user_client.post("/interviews/", start_data())
    second = user_client.post("/interviews/", start_data())
    interview = Interview.objects.get(user=user)
    assert first["Location"] == second["Location"] == f"/interviews/{interview.pk}/"
    user_client.post("/interviews/", start_data(token="form-2"))
    assert Interview.objects.filter(user=user).count() == 2


def test_a_start_form_without_its_token_starts_nothing(user, user_client):
    QuestionFactory()
    for token in ("", "bad token!", "x" * 41):
        response = user_client.post("/interviews/", start_data(token=token))
        assert response.status_code == 422
        assert "This form has expired" in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_five_identical_starts_at_once_make_one_interview(user):
    QuestionFactory.create_batch(3)
    barrier = threading.Barrier(5)
    statuses = []

    def post():
        client = english_client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses.append(client.post("/interviews/", start_data(token="at-once")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 5
    assert Interview.objects.filter(user=user).count() == 1


def test_retry_and_practise_honour_their_tokens_too(user, user_client):
    question = QuestionFactory()
    url = f"/practice/questions/{question.slug}/practise/"
    assert (
        user_client.post(url, {"token": "p"})["Location"]
        == user_client.post(url, {"token": "p"})["Location"]
    )
    assert Interview.objects.count() == 1
    assert user_client.post(url).status_code == 302  # no token: refused, with a message
    assert Interview.objects.count() == 1


def test_unfinished_interviews_are_capped(user, user_client):
    questions = QuestionFactory.create_batch(2)
    for _ in range(MAX_OPEN_INTERVIEWS):
        interview_with(user, questions[:1], now=START)
    response = user_client.post("/interviews/", start_data())
    assert response.status_code == 422
    assert f"You already have {MAX_OPEN_INTERVIEWS} unfinished interviews" in (
        response.content.decode()
    )
    assert Interview.objects.count() == MAX_OPEN_INTERVIEWS

    Interview.objects.filter(pk=Interview.objects.first().pk).update(state=Interview.State.FINISHED)
    assert user_client.post("/interviews/", start_data())["Location"].startswith("/interviews/")


def test_starts_are_rate_limited_per_user(user, user_client, login, clock):
    QuestionFactory()
    for number in range(START_LIMIT):
        response = user_client.post("/interviews/", start_data(token=f"t{number}"))
        assert response.status_code == 302
        # Finish each so the cap on unfinished interviews stays out of the way.
        Interview.objects.filter(user=user).update(state=Interview.State.FINISHED)
    refused = user_client.post("/interviews/", start_data(token="one-more"))
    assert refused.status_code == 429
    assert "Wait a little before starting another" in refused.content.decode()
    assert Interview.objects.count() == START_LIMIT

    from accounts.tests.factories import UserFactory

    other = login(UserFactory())
    assert other.post("/interviews/", start_data(token="other"))["Location"]  # per user

    clock.shift(timedelta(seconds=START_WINDOW_SECONDS))
    assert user_client.post("/interviews/", start_data(token="later")).status_code == 302

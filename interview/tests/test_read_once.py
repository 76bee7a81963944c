"""Submit and rate read the answer once, under the service's lock, found by the page's
address and its user: anyone else's answer, or none at that address, is still a 404 that
changes nothing, and an invalid form still says what is wrong."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict

from interview import services
from interview.models import Answer, Interview
from interview.tests.factories import UserFactory, interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    """Question 1 answered, question 2 on the clock with a draft, question 3 not shown."""
    interview = interview_with(UserFactory(), QuestionFactory.create_batch(3), now=START)
    first = services.answer_show(answer=interview.answers.get(position=1), now=START)
    services.answer_submit(answer=first, text="answer", now=START + timedelta(seconds=30))
    second = services.answer_show(answer=interview.answers.get(position=2), now=START)
    services.answer_save_draft(answer=second, text="draft", revision=1, now=START)
    return interview


def snapshot():
    return (
        [model_to_dict(interview) for interview in Interview.objects.order_by("pk")],
        [model_to_dict(answer) for answer in Answer.objects.order_by("pk")],
    )


@pytest.mark.parametrize("action", ["submit", "skip"])
@pytest.mark.parametrize("htmx", [False, True])
def test_another_users_submit_is_not_found(owned, client, action, htmx):
    client.force_login(UserFactory())
    before = snapshot()
    data = {"text": "intruder", "revision": 10**12, "action": action}
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(f"/interviews/{owned.pk}/q/2/submit/", data, headers=headers)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("position", [4, 99999, 2**70])
@pytest.mark.parametrize("kind", ["submit", "rate"])
def test_a_position_without_an_answer_is_not_found(owned, client, position, kind):
    client.force_login(owned.user)
    before = snapshot()
    data = {"text": "late text", "revision": "9", "rating": "3", "action": "submit"}
    response = client.post(f"/interviews/{owned.pk}/q/{position}/{kind}/", data)
    assert response.status_code == 404
    assert snapshot() == before


def test_an_invalid_form_for_another_users_answer_is_still_not_found(owned, client):
    client.force_login(UserFactory())
    before = snapshot()
    submit = client.post(f"/interviews/{owned.pk}/q/2/submit/", {"action": "dance"})
    rate = client.post(f"/interviews/{owned.pk}/q/1/rate/", {"rating": "9"})
    assert (submit.status_code, rate.status_code) == (404, 404)
    assert snapshot() == before


def test_a_submit_without_text_takes_the_draft_as_locked(owned, client):
    client.force_login(owned.user)
    answer = owned.answers.get(position=2)
    services.answer_save_draft(answer=answer, text="newer draft", revision=5, now=START)
    response = client.post(f"/interviews/{owned.pk}/q/2/submit/", {"action": "submit"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.submitted_text) == (Answer.Status.SUBMITTED, "newer draft")
    assert answer.submitted_revision == 5


def test_rating_a_question_not_yet_answered_is_refused_where_it_is(owned, client):
    client.force_login(owned.user)
    response = client.post(f"/interviews/{owned.pk}/q/2/rate/", {"rating": "3"})
    assert response.status_code == 302
    assert response.url == f"/interviews/{owned.pk}/q/2/"
    assert owned.answers.get(position=2).rating is None

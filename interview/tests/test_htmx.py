"""htmx and background requests get answers the page can use, never a swapped login page."""

import pytest

from accounts.tests.factories import UserFactory
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START, english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(db):
    return interview_with(UserFactory(), [QuestionFactory()], now=START)


@pytest.mark.parametrize("action", ["autosave", "submit", "rate"])
def test_a_signed_out_htmx_post_gets_401_not_the_sign_in_page(interview, action):
    response = english_client().post(
        f"/interviews/{interview.pk}/q/1/{action}/", {"text": "kept"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 401
    assert response.content == b""


def test_a_signed_out_beacon_gets_401(interview):
    response = english_client().post(
        f"/interviews/{interview.pk}/q/1/autosave/", {"text": "kept", "beacon": "1"}
    )
    assert response.status_code == 401


def test_a_plain_signed_out_request_still_goes_to_sign_in(interview):
    response = english_client().get(f"/interviews/{interview.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_history_restore_gets_the_whole_page(login):
    client = login(UserFactory())
    swap = client.get("/history/", HTTP_HX_REQUEST="true")
    restore = client.get(
        "/history/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" not in swap.content.decode()
    assert "<html" in restore.content.decode()
    assert "HX-Request" in swap["Vary"]


def test_question_bank_restore_gets_the_whole_page(client):
    restore = client.get(
        "/questions/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()
    assert "HX-Request" in restore["Vary"]


def test_attempts_page_of_a_retired_question_is_404_without_attempts(login):
    retired = QuestionFactory(is_active=False)
    response = login(UserFactory()).get(f"/history/questions/{retired.slug}/")
    assert response.status_code == 404

"""Signing up, in and out, downloading one's data, and deleting the account."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from interview.models import Answer, Interview
from interview.tests.factories import AnswerFactory
from testsupport import exported_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts sign-ups and failed logins in the cache, which outlives a test.
    cache.clear()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def user():
    return UserFactory(email="ada@example.com")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def signed_in_email(client) -> str | None:
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.context["user"].email


# Signing up, in and out


def test_sign_up_creates_the_user_and_asks_them_to_check_their_email(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "New@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert user.email.lower() == "new@example.com"
    assert user.check_password(PASSWORD)
    assert [mail.to for mail in mailoutbox] == [[user.email]]
    # Signed in only by the mailed link (or a later sign-in), as with an existing address.
    assert signed_in_email(client) is None
    assert "Check your email" in client.get(response["Location"]).content.decode()


def test_sign_up_with_mismatched_passwords_creates_nobody(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()
    assert signed_in_email(client) is None


def test_sign_in_by_email(client, user):
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_email(client) == "ada@example.com"


def test_sign_in_with_a_wrong_password_fails(client, user):
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": "nope"})
    assert response.status_code == 200
    assert signed_in_email(client) is None


def test_sign_out_by_post(signed_in):
    response = signed_in.post("/accounts/logout/")
    assert response.status_code == 302
    assert signed_in_email(signed_in) is None


def test_account_page_shows_the_email_and_interview_count(signed_in, user):
    AnswerFactory.create_batch(2, interview__user=user)
    AnswerFactory()  # someone else's
    content = signed_in.get("/account/").content.decode()
    assert "ada@example.com" in content
    assert "2 interviews" in content


# Export


def test_export_holds_my_interviews_and_answers_and_nobody_elses(signed_in, user):
    mine = AnswerFactory(
        interview__user=user, done=True, rating=2, submitted_text="mine", note="my note"
    )
    AnswerFactory(interview__user=user)
    theirs = AnswerFactory(done=True, submitted_text="theirs", note="their note")

    response = signed_in.get("/account/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = exported_json(response)
    assert data["account"]["email"] == "ada@example.com"
    assert {interview["id"] for interview in data["interviews"]} == set(
        Interview.objects.filter(user=user).values_list("pk", flat=True)
    )
    answers = [answer for interview in data["interviews"] for answer in interview["answers"]]
    assert len(answers) == 2
    exported = next(answer for answer in answers if answer["submitted_answer"] == "mine")
    assert exported["rating"] == 2
    assert exported["note"] == "my note"
    assert exported["question_slug"] == mine.question.slug
    text = json.dumps(data, ensure_ascii=False)
    assert "theirs" not in text
    assert "their note" not in text
    assert theirs.interview.user.email not in text


# Deletion


def test_deleting_with_a_wrong_password_deletes_nothing(signed_in, user):
    AnswerFactory(interview__user=user, done=True)
    response = signed_in.post("/account/delete/", {"password": "not my password"})
    assert response.status_code == 422
    assert "That password is not correct." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert Answer.objects.for_user(user).count() == 1
    assert signed_in_email(signed_in) == "ada@example.com"


def test_deleting_with_the_right_password_removes_everything_of_mine_only(signed_in, user):
    AnswerFactory.create_batch(3, interview__user=user, done=True)
    other = AnswerFactory(done=True)

    response = signed_in.post("/account/delete/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and all its data have been deleted." in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Interview.objects.filter(user_id=user.pk).exists()
    assert not Answer.objects.filter(interview__user_id=user.pk).exists()
    assert Answer.objects.filter(pk=other.pk).exists()
    assert User.objects.filter(pk=other.interview.user_id).exists()
    assert signed_in_email(signed_in) is None


def test_password_reset_sends_a_link_by_email(client, user, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_repeated_wrong_passwords_are_rate_limited(client, user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    # allauth allows 5 failed attempts per account; then even the right password waits.
    right = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed sign-in attempts" in right.content.decode()
    assert signed_in_email(client) is None


def test_change_password_page_uses_our_layout(signed_in):
    response = signed_in.get("/accounts/password/change/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in body
    assert 'class="lang-switch"' in body


def test_export_leaves_out_model_answers_of_questions_not_shown_yet(signed_in, user):
    from django.utils import timezone

    from interview import services
    from interview.tests.factories import interview_with
    from questions.tests.factories import QuestionFactory

    first, ahead = QuestionFactory(answer_md="seen answer"), QuestionFactory(answer_md="SECRET")
    interview = interview_with(user, [first, ahead], now=timezone.now())
    services.answer_show(answer=interview.answers.get(position=1), now=timezone.now())
    exported = exported_json(signed_in.get("/account/export/"))
    answers = exported["interviews"][0]["answers"]
    assert answers[0]["model_answer_markdown"] == "seen answer"
    assert answers[1]["model_answer_markdown"] == ""


def test_deleting_stops_accepting_guesses_after_five_wrong_passwords(signed_in, user):
    for _ in range(5):
        signed_in.post("/account/delete/", {"password": "guess"})
    response = signed_in.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 422
    assert "Too many wrong passwords" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/accounts/login/", r"还没有账号？请先<a href=\"/accounts/signup/[^\"]*\">注册</a>。"),
        ("/accounts/signup/", r"已经有账号了？请<a href=\"/accounts/login/[^\"]*\">登录</a>。"),
    ],
)
def test_the_sign_in_pages_read_as_chinese_without_stray_spaces(path, sentence):
    page = Client(headers={"accept-language": "zh-hans"}).get(path).content.decode()
    assert re.search(sentence, page), re.findall(
        r"[^<>]{0,12}<a href=\"/accounts/[^<]*</a>.{0,3}", page
    )


def test_signing_in_and_out_leave_no_banner_to_act_on(client, user):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert 'class="messages"' not in response.content.decode()
    response = client.post("/accounts/logout/", follow=True)
    assert 'class="messages"' not in response.content.decode()

"""Practice pages: today's plan, stars, practising one question, desired retention."""

from datetime import timedelta

import pytest

from accounts.tests.factories import UserFactory
from interview.models import Answer, Interview
from practice.models import Card, LearnerSettings
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory
from testsupport import START, exported_json

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


# Stars


def test_starring_with_htmx_swaps_the_button_and_unstarring_undoes_it(user, user_client):
    question = QuestionFactory()
    url = f"/practice/questions/{question.slug}/star/"
    response = user_client.post(url, {"starred": "1"}, **HTMX)
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html(response) and "<html" not in html(response)
    assert Card.objects.get(user=user, question=question).starred

    user_client.post(url, {"starred": "0"}, **HTMX)
    assert not Card.objects.get(user=user, question=question).starred


def test_starring_without_javascript_goes_back_to_a_local_page_only(user, user_client):
    question = QuestionFactory()
    url = f"/practice/questions/{question.slug}/star/"
    response = user_client.post(url, {"starred": "1", "next": "/questions/?page=2"})
    assert response["Location"] == "/questions/?page=2"
    response = user_client.post(url, {"starred": "1", "next": "https://evil.example/"})
    assert response["Location"] == question.get_absolute_url()


def test_stars_are_each_users_own(user, user_client):
    question = QuestionFactory()
    other = UserFactory()
    CardFactory(user=other, question=question, starred=True)
    user_client.post(f"/practice/questions/{question.slug}/star/", {"starred": "0"})
    assert Card.objects.get(user=other, question=question).starred
    assert not Card.objects.get(user=user, question=question).starred


@pytest.mark.parametrize("action", ["star", "practise"])
def test_practice_actions_need_an_active_question_and_a_signed_in_user(
    user, user_client, client, action
):
    retired = QuestionFactory(is_active=False)
    assert user_client.post(f"/practice/questions/{retired.slug}/{action}/").status_code == 404
    assert user_client.post(f"/practice/questions/nope/{action}/").status_code == 404
    question = QuestionFactory()
    response = client.post(f"/practice/questions/{question.slug}/{action}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert user_client.get(f"/practice/questions/{question.slug}/{action}/").status_code == 405
    assert not Card.objects.filter(question=question).exists()


def test_the_bank_filters_by_my_status(user, user_client, answer_and_rate, clock):
    due, later, fresh, starred = QuestionFactory.create_batch(4)
    answer_and_rate(user, due, at=START - timedelta(days=5), rating=1)
    answer_and_rate(user, later, at=START - timedelta(hours=1), rating=4)
    CardFactory(user=user, question=starred, starred=True)

    def titles(status):
        page = user_client.get("/questions/", {"status": status}).context["page"]
        return {question.pk for question in page.object_list}

    assert titles("due") == {due.pk}
    assert titles("scheduled") == {later.pk}
    assert titles("new") == {fresh.pk, starred.pk}
    assert titles("starred") == {starred.pk}
    response = user_client.get("/questions/")
    statuses = {q.pk: q.status for q in response.context["page"].object_list}
    assert statuses == {due.pk: "due", later.pk: "scheduled", fresh.pk: "new", starred.pk: "new"}
    assert "Due" in html(response) and "4 · Nailed it" in html(response)


def test_signed_out_readers_get_the_plain_bank(client):
    QuestionFactory()
    response = client.get("/questions/", {"status": "due"})
    assert response.status_code == 200
    assert "My status" not in html(response)
    assert len(response.context["page"].object_list) == 1


# Practise one question


def test_practise_this_question_starts_a_one_question_interview(user, user_client):
    question = QuestionFactory(answer_minutes=4)
    response = user_client.post(f"/practice/questions/{question.slug}/practise/", {"token": "t"})
    interview = Interview.objects.get(user=user)
    assert response["Location"] == f"/interviews/{interview.pk}/"
    assert interview.mode == "single"
    answer = interview.answers.get()
    assert (answer.question, answer.time_limit_seconds) == (question, 240)


def test_the_question_and_attempts_pages_offer_practise_and_star(user, user_client):
    question = QuestionFactory()
    for url in (question.get_absolute_url(), f"/history/questions/{question.slug}/"):
        page = html(user_client.get(url))
        assert f'action="/practice/questions/{question.slug}/practise/"' in page
        assert f'action="/practice/questions/{question.slug}/star/"' in page


# Desired retention


def test_desired_retention_is_set_on_the_account_page_and_reschedules(
    user, user_client, answer_and_rate
):
    question = QuestionFactory()
    answer_and_rate(user, question, rating=3)
    before = Card.objects.get(user=user).due
    page = html(user_client.get("/account/"))
    assert 'name="percent"' in page and 'value="90"' in page

    response = user_client.post("/account/retention/", {"percent": "95"})
    assert response.status_code == 302
    assert LearnerSettings.objects.retention_of(user) == 0.95
    assert Card.objects.get(user=user).due < before


@pytest.mark.parametrize("value", ["", "abc", "79", "98", "0.9", "90.5", "1e2", "-90"])
def test_nonsense_retention_says_what_is_allowed_and_changes_nothing(
    user, user_client, answer_and_rate, value
):
    answer_and_rate(user, QuestionFactory(), rating=3)
    before = Card.objects.get(user=user).due
    response = user_client.post("/account/retention/", {"percent": value})
    assert response.status_code == 422
    assert "Enter a whole number of percent, from 80 to 97." in html(response)
    assert LearnerSettings.objects.retention_of(user) == 0.9
    assert Card.objects.get(user=user).due == before


def test_retention_needs_a_signed_in_post(client, user_client):
    assert client.post("/account/retention/", {"percent": "95"}).status_code == 302
    assert user_client.get("/account/retention/").status_code == 405


# Today's plan


def test_an_anonymous_visitor_gets_the_landing_page(client):
    QuestionFactory()
    response = client.get("/")
    assert "Practise LLM interviews against the clock" in html(response)
    assert "due_count" not in response.context


def test_home_shows_todays_plan(user, user_client, answer_and_rate, clock):
    questions = QuestionFactory.create_batch(4)
    for days_ago, question in zip((9, 6, 3), questions, strict=False):
        answer_and_rate(user, question, at=START - timedelta(days=days_ago), rating=1)
    waiting = answer_and_rate(user, questions[3], at=START - timedelta(days=2))
    open_one = Interview.objects.create(
        user=user, question_count=1, started_at=START - timedelta(hours=1)
    )

    response = user_client.get("/")
    context = response.context
    assert context["due_count"] == 3
    assert [answer.pk for answer in context["waiting"]] == [waiting.pk]
    assert context["waiting_total"] == 1
    assert [interview.pk for interview in context["unfinished"]] == [open_one.pk]
    forecast = context["forecast"]
    assert len(forecast) == 14 and forecast[0].count == 3 and sum(d.count for d in forecast) == 3
    heatmap = context["heatmap"]
    assert heatmap.days_practised == 4
    assert heatmap.streak == 0  # nothing since two days ago
    assert len(heatmap.cells) > 26 * 7 - 7
    page = html(response)
    assert "Practise due now" in page
    assert 'role="img"' in page and "Current streak: 0 days." in page


def test_a_streak_counts_consecutive_days_up_to_today(user, user_client, answer_and_rate, clock):
    question = QuestionFactory()
    for days_ago in (0, 1, 2, 5):
        answer_and_rate(user, question, at=START - timedelta(days=days_ago))
    heatmap = user_client.get("/").context["heatmap"]
    assert (heatmap.streak, heatmap.longest, heatmap.days_practised) == (3, 3, 4)


def test_the_plan_counts_only_my_own_data(user, user_client, answer_and_rate, clock):
    question = QuestionFactory()
    other = UserFactory()
    answer_and_rate(other, question, at=START - timedelta(days=9), rating=1)
    answer_and_rate(other, question, at=START - timedelta(days=1))
    context = user_client.get("/").context
    assert context["due_count"] == 0
    assert context["waiting_total"] == 0
    assert context["heatmap"].days_practised == 0
    assert Answer.objects.filter(interview__user=other).count() == 2


def test_the_data_export_holds_my_desired_retention_in_practices_part(user, user_client):
    user_client.post("/account/retention/", {"percent": "93"})
    data = exported_json(user_client.get("/account/export/"))
    assert data["practice"]["desired_retention"] == 0.93
    assert "desired_retention" not in data["account"]

"""Practice's part in the pages that lead on (issue 17): "Practise this question" remembers
the page it was pressed on, and the bank's "Due" filter with nothing due says when the next
review is instead of suggesting other words."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from interview.models import Interview
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def empty_text(page: str) -> str:
    return " ".join(" ".join(re.findall(r'<p class="empty">(.*?)</p>', page, re.S)).split())


def test_the_practise_button_carries_the_page_it_is_on(user, user_client):
    question = QuestionFactory()
    for url in (f"{question.get_absolute_url()}?from=bank", f"/history/questions/{question.slug}/"):
        page = html(user_client.get(url))
        form = page.split(f'action="/practice/questions/{question.slug}/practise/"', 1)[1]
        assert f'name="next" value="{url.replace("&", "&amp;")}"' in form.split("</form>")[0]


def test_a_refused_practise_goes_back_to_the_page_it_came_from(user, user_client):
    question = QuestionFactory()
    response = user_client.post(
        f"/practice/questions/{question.slug}/practise/", {"token": "", "next": "/questions/"}
    )
    assert response["Location"] == "/questions/"
    assert not Interview.objects.exists()
    response = user_client.post(
        f"/practice/questions/{question.slug}/practise/",
        {"token": "", "next": "//evil.example/"},
    )
    assert response["Location"] == question.get_absolute_url()


def test_nothing_due_says_when_the_next_review_is(user, user_client, clock):
    later = QuestionFactory()
    CardFactory(user=user, question=later, scheduled=True, due=START + timedelta(days=2))
    page = html(user_client.get("/questions/", {"status": "due"}))
    assert empty_text(page) == (
        "Nothing is due for review right now. The next review is on 2025-03-05 09:00."
    )
    assert "fewer words" not in page
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(user)
    page = html(chinese.get("/questions/", {"status": "due"}))
    assert empty_text(page) == "现在没有到期的复习。下一次复习在 2025-03-05 09:00。"


def test_nothing_scheduled_at_all_says_how_questions_get_due(user, user_client):
    QuestionFactory()
    page = html(user_client.get("/questions/", {"status": "due"}))
    assert empty_text(page).startswith("Nothing is due for review: rate an answer")


def test_due_questions_hidden_by_another_filter_keep_the_usual_words(user, user_client, clock):
    topic = TagFactory(slug="rl")
    QuestionFactory(tags=[topic])
    CardFactory(user=user, question=QuestionFactory(), scheduled=True, due=START)
    page = html(user_client.get("/questions/", {"status": "due", "tag": "rl"}))
    assert empty_text(page) == "No questions match. Try fewer words or another topic."


def test_other_statuses_keep_the_usual_words(user, user_client):
    QuestionFactory()
    page = html(user_client.get("/questions/", {"status": "starred"}))
    assert empty_text(page) == "No questions match. Try fewer words or another topic."

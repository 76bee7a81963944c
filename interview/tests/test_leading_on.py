"""After an interview: the summary leads back and on (issue 17, items 7–9): back to the
page a practice was started from, on to the next question due or on the same topic, and
per question the key points found, the rating and the next review; the history names how
each interview was chosen."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils.timezone import localtime

from feedback.models import Coverage
from interview import services
from interview.models import Interview
from practice.tests.factories import CardFactory
from questions.models import KeyPoint
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def topic():
    return TagFactory(slug="attention", name_en="Attention", name_zh="注意力")


@pytest.fixture
def question(topic):
    question = QuestionFactory(title="What is self-attention?", tags=[topic], number=1)
    for position, (zh, en) in enumerate([("缩放", "Scaling"), ("softmax", "Softmax")], 1):
        KeyPoint.objects.create(
            question=question,
            position=position,
            label_zh=zh,
            label_en=en,
            aliases=[[en.lower()]],
        )
    return question


def practise(client, question, *, origin: str | None = None, token="t1"):
    """Press "Practise this question" on `origin`, answer with "scaling", rate it 3."""
    data = {"token": token} | ({"next": origin} if origin is not None else {})
    response = client.post(f"/practice/questions/{question.slug}/practise/", data)
    interview = Interview.objects.get(pk=response["Location"].split("/")[2])
    page = f"/interviews/{interview.pk}/q/1/"
    client.get(page)
    client.post(f"{page}submit/", {"action": "submit", "text": "Scaling, then mixing."})
    client.post(f"{page}rate/", {"rating": 3})
    return interview


def review(client, interview) -> str:
    return html(client.get(f"/interviews/{interview.pk}/review/"))


def test_a_single_practice_leads_back_to_the_page_it_was_started_from(user, user_client, question):
    origin = f"/history/questions/{question.slug}/?page=1"
    interview = practise(user_client, question, origin=origin)
    page = review(user_client, interview)
    assert re.search(r'<a class="button" href="/history/questions/[^"]+\?page=1">', page)
    assert "Back to where you started" in page
    assert re.search(r'href="/">Today(&#x27;|\')s plan</a>', page)


def test_without_a_known_origin_it_leads_back_to_the_question(user, user_client, question):
    interview = practise(user_client, question, origin="https://evil.example/")
    page = review(user_client, interview)
    assert f'<a class="button" href="{question.get_absolute_url()}">' in page
    assert "evil.example" not in page


def test_the_origin_is_this_browsers_own(user, user_client, login, question):
    interview = practise(user_client, question, origin="/questions/?tag=attention")
    other_tab = login(user)  # a second session: it never saw where this one started
    assert "/questions/?tag=attention" not in review(other_tab, interview)
    assert "/questions/?tag=attention" in review(user_client, interview)


def test_a_single_practice_suggests_the_next_due_and_one_on_the_same_topic(
    user, user_client, question, topic, clock
):
    due = QuestionFactory(title="Overdue question", number=9)
    CardFactory(user=user, question=due, scheduled=True, due=START - timedelta(days=3))
    related = QuestionFactory(title="Same thing, other words", tags=[topic], number=2)
    question.related.add(related)
    same_topic = QuestionFactory(title="Multi-head attention", tags=[topic], number=3)
    QuestionFactory(title="Unrelated topic", number=4)
    interview = practise(user_client, question, origin="/questions/")
    page = review(user_client, interview)
    assert "Next due for review:" in page and "Overdue question" in page
    assert "On the same topic:" in page and "Multi-head attention" in page
    assert "Same thing, other words" not in page  # the same question is no next question
    # Each suggestion starts a practice of its own, which leads back to the same origin.
    forms = re.findall(r'<form method="post" action="/interviews/practise/".*?</form>', page, re.S)
    assert len(forms) == 2
    assert f'name="questions" value="{same_topic.slug}"' in forms[1]
    assert 'name="next" value="/questions/"' in forms[1]
    token = re.search(r'name="token" value="([^"]+)"', forms[1])[1]
    response = user_client.post(
        "/interviews/practise/",
        {"token": token, "questions": same_topic.slug, "next": "/questions/"},
    )
    follow_up = Interview.objects.get(pk=response["Location"].split("/")[2])
    assert (follow_up.mode, follow_up.answers.get().question) == ("single", same_topic)
    assert "/questions/" in review(user_client, follow_up)


def test_a_mix_interview_offers_no_suggestions_but_todays_plan(user, user_client, question):
    interview = Interview.objects.get(
        pk=services.interview_start(
            user=user,
            tags=[],
            question_count=1,
            minutes_per_question=None,
            prefer_unseen=False,
            now=START,
            questions=[question],
        ).pk
    )
    page = review(user_client, interview)
    assert "Next due for review:" not in page and "Back to where you started" not in page
    assert "Where next" in page and 'href="/"' in page


def test_the_summary_shows_key_points_rating_and_next_review(user, user_client, question):
    interview = practise(user_client, question)
    answer = interview.answers.get()
    assert Coverage.objects.get(answer=answer).found == 1
    due = answer.question.cards.get().due
    page = review(user_client, interview)
    table = page.split('<table class="summary-table', 1)[1].split("</table>", 1)[0]
    assert "Key points" in table and "Next review" in table
    assert "1 of 2" in table  # "Scaling" found, "Softmax" not
    assert "3 · Good" in table
    assert localtime(due).strftime("%Y-%m-%d") in table


def test_the_summary_in_chinese(user, login, question):
    client = login(user)
    interview = practise(client, question, origin="/questions/")
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(user)
    chinese.cookies = client.cookies  # the same browser, reading Chinese
    page = review(chinese, interview)
    assert "回到开始的地方" in page and "今天的计划" in page
    assert "要点" in page and "下次复习" in page
    assert "您" not in page


def test_history_names_the_mode_and_a_single_practices_question(user, user_client, question):
    practise(user_client, question)
    services.interview_start(
        user=user,
        tags=[],
        question_count=1,
        minutes_per_question=None,
        prefer_unseen=False,
        now=START,
        questions=[question],
    )
    # Newest first (both started at START: the later one first).
    assert practised(user_client) == [
        "Random mix · All topics",
        "One question · What is self-attention?",
    ]
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(user)
    assert "单题练习 · What is self-attention?" in practised(chinese)


def practised(client) -> list[str]:
    """The history's "Practised" column, as text."""
    page = html(client.get("/history/"))
    cells = re.findall(r'<td data-label="[^"]*" class="practised">(.*?)</td>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells]

"""The progress page leads somewhere (issue 17, item 10): missed points grouped by
question, "Practise these" starting an interview with them, and how much of the bank the
learner has seen, per topic."""

import re

import pytest
from django.test import Client

from feedback.tests.factories import MissedPointFactory
from interview.models import Interview
from interview.tests.factories import AnswerFactory
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.fixture
def missed(user):
    """q26 has six points missed often; three other questions one point each, missed less."""
    q26 = QuestionFactory(title="q26: KV cache", number=26)
    for n in range(6):
        MissedPointFactory(
            user=user, question=q26, label_en=f"KV point {n}", misses=9 - n, checks=10
        )
    others = [QuestionFactory(title=f"Other {n}", number=n) for n in range(3)]
    for n, question in enumerate(others):
        MissedPointFactory(
            user=user, question=question, label_en=f"Other point {n}", misses=3 - n, checks=4
        )
    return [q26, *others]


def missed_section(page: str) -> str:
    return page.split('id="missed-points"', 1)[1].split("</section>", 1)[0]


def test_missed_points_are_grouped_by_question(user_client, missed):
    section = missed_section(html(user_client.get("/history/progress/")))
    titles = re.findall(r'class="missed-question"[^>]*>([^<]+)</a>', section)
    assert titles == ["q26: KV cache", "Other 0", "Other 1", "Other 2"]
    # q26 shows its four most missed points, and says how many more there are.
    q26 = section.split("Other 0", 1)[0]
    assert [f"KV point {n}" in q26 for n in range(6)] == [True] * 4 + [False] * 2
    assert "and 2 more points" in text(q26)


def test_practise_these_starts_an_interview_with_those_questions(user, user_client, missed):
    page = html(user_client.get("/history/progress/"))
    form = re.search(r'<form method="post" action="/interviews/practise/".*?</form>', page, re.S)
    assert form, "no Practise these"
    assert "Practise these 4 questions" in text(form[0])
    slugs = re.findall(r'name="questions" value="([^"]+)"', form[0])
    assert slugs == [question.slug for question in missed]
    token = re.search(r'name="token" value="([^"]+)"', form[0])[1]
    data = {"token": token, "questions": slugs, "next": "/history/progress/"}
    response = user_client.post("/interviews/practise/", data)
    interview = Interview.objects.get(user=user)
    assert response["Location"] == f"/interviews/{interview.pk}/"
    assert interview.mode == "chosen"
    assert [a.question for a in interview.answers.order_by("position")] == missed
    # The same form sent again (a double click) starts no second interview.
    user_client.post("/interviews/practise/", data)
    assert Interview.objects.filter(user=user).count() == 1
    summary = html(user_client.get(f"/interviews/{interview.pk}/review/"))
    assert '<a class="button" href="/history/progress/">' in summary
    history = html(user_client.get("/history/"))
    assert "Chosen questions" in history


@pytest.mark.parametrize(
    "data",
    [
        {"questions": ["nope"]},
        {"questions": []},
        {"token": "bad token!"},
        {"token": ""},
    ],
)
def test_practise_refuses_what_it_does_not_understand(user, user_client, missed, data):
    data = {"token": "t", "questions": [missed[0].slug], "next": "/history/progress/"} | data
    response = user_client.post("/interviews/practise/", data)
    assert response.status_code == 302 and response["Location"] == "/history/progress/"
    assert not Interview.objects.filter(user=user).exists()


def test_practise_needs_a_signed_in_post(client, user_client, missed):
    assert client.post("/interviews/practise/", {"token": "t"}).status_code == 302
    assert not Interview.objects.exists()
    assert user_client.get("/interviews/practise/").status_code == 405


def test_the_bank_coverage_says_how_much_was_seen_per_topic(user, user_client):
    llm, rl = TagFactory(slug="llm", name_en="LLMs", name_zh="大模型"), TagFactory(slug="rl")
    seen = QuestionFactory(tags=[llm, rl])
    QuestionFactory(tags=[llm])
    QuestionFactory(tags=[rl], is_active=False)
    QuestionFactory()
    AnswerFactory(interview__user=user, question=seen, done=True)
    AnswerFactory(question=QuestionFactory(tags=[llm]), done=True)  # someone else's
    page = html(user_client.get("/history/progress/"))
    section = page.split('id="bank-coverage"', 1)[1].split("</section>", 1)[0]
    assert "Seen 1 of 4 questions" in text(section)
    assert "LLMs seen 1 of 3" in text(section)
    assert re.search(r'href="/questions/\?tag=llm"', section)
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(user)
    section = html(chinese.get("/history/progress/")).split('id="bank-coverage"', 1)[1]
    assert "题库共 4 道题，你看过 1 道" in text(section)
    assert "大模型 看过 1 / 3" in text(section)


def test_a_newcomer_sees_the_coverage_of_an_untouched_bank(user_client):
    QuestionFactory()
    page = html(user_client.get("/history/progress/"))
    assert "Seen 0 of 1 questions" in text(page)

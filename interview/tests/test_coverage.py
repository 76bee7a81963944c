"""The progress page's coverage (interview/coverage.py): the bank's side (each topic's
active questions, the whole bank's, the topics' names) is kept per process under the bank's
generation and read again after every change to the bank; the user's side (what they were
shown) is read on every request, theirs alone, with the generation in the same query."""

import re

import pytest
from django.db import connection

from interview import coverage
from interview.tests.factories import AnswerFactory
from questions import generation
from questions.models import Question, Tag
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def shown(user, question, rating=None):
    return AnswerFactory(interview__user=user, question=question, done=True, rating=rating)


@pytest.fixture
def bank():
    """LLMs: two questions (one also in RL); RL: two; one question with no topic."""
    llm = TagFactory(slug="llm", name_en="LLMs", name_zh="大模型")
    rl = TagFactory(slug="rl", name_en="RL", name_zh="强化学习")
    return {
        "llm": llm,
        "rl": rl,
        "both": QuestionFactory(title="Both", tags=[llm, rl]),
        "llm only": QuestionFactory(title="LLM only", tags=[llm]),
        "rl only": QuestionFactory(title="RL only", tags=[rl]),
        "none": QuestionFactory(title="No topic"),
    }


def test_the_page_follows_every_change_to_the_bank(user, user_client, bank):
    shown(user, bank["both"], rating=3)
    page = text(user_client.get("/history/progress/"))
    assert "Seen 1 of 4 questions" in page
    assert "LLMs seen 1 of 2" in page and "RL seen 1 of 2" in page
    # A question added.
    QuestionFactory(tags=[bank["llm"]])
    page = text(user_client.get("/history/progress/"))
    assert "Seen 1 of 5 questions" in page and "LLMs seen 1 of 3" in page
    # A question retired: the one seen, out of the bank's counts and the user's alike.
    bank["both"].is_active = False
    bank["both"].save()
    page = text(user_client.get("/history/progress/"))
    assert "Seen 0 of 4 questions" in page
    assert "LLMs seen 0 of 2" in page and "RL seen 0 of 1" in page
    # A question deleted.
    bank["none"].delete()
    assert "Seen 0 of 3 questions" in text(user_client.get("/history/progress/"))
    # A question's topics changed.
    bank["llm only"].tags.set([bank["rl"]])
    page = text(user_client.get("/history/progress/"))
    assert "LLMs seen 0 of 1" in page and "RL seen 0 of 2" in page
    # Back in the bank, then a topic renamed: the coverage and the average by topic (its
    # names are the kept ones too) follow.
    bank["both"].is_active = True
    bank["both"].save()
    bank["llm"].name_en = "Language models"
    bank["llm"].save()
    page = text(user_client.get("/history/progress/"))
    assert "Language models seen 1 of 2" in page and "LLMs" not in page
    assert "Language models 3.0 (1 rating)" in page
    # A question's title edited: what the page shows of it (the missed points are read per
    # request) is the new one.
    bank["both"].title = "Both, edited"
    bank["both"].save()
    assert "Seen 1 of 4 questions" in text(user_client.get("/history/progress/"))


def test_a_change_that_bypasses_the_signals_shows_with_its_new_generation(user, user_client, bank):
    shown(user, bank["rl only"])
    assert "RL seen 1 of 2" in text(user_client.get("/history/progress/"))
    # As another server's change arrives: rows updated without signals, then the
    # generation they owe. Until then the page shows what it kept (so it does keep it).
    Question.objects.filter(pk=bank["both"].pk).update(is_active=False)
    Tag.objects.filter(pk=bank["rl"].pk).update(name_en="Reinforcement")
    page = text(user_client.get("/history/progress/"))
    assert "RL seen 1 of 2" in page and "Seen 1 of 4 questions" in page
    generation.advance()
    page = text(user_client.get("/history/progress/"))
    assert "Reinforcement seen 1 of 1" in page and "Seen 1 of 3 questions" in page
    assert "LLMs seen 0 of 1" in page


def test_each_user_sees_only_what_they_were_shown(user, login, bank):
    other = AnswerFactory(question=bank["llm only"], done=True, rating=1).user
    shown(other, bank["both"], rating=1)
    shown(user, bank["rl only"], rating=4)
    shown(user, bank["none"], rating=4)
    mine, theirs = login(user), login(other)
    for _ in range(2):  # made, then kept: the same either way
        page = text(mine.get("/history/progress/"))
        assert "Seen 2 of 4 questions" in page
        assert "LLMs seen 0 of 2" in page and "RL seen 1 of 2" in page
        assert "RL 4.0 (1 rating)" in page and "LLMs 1.0" not in page
        page = text(theirs.get("/history/progress/"))
        assert "Seen 2 of 4 questions" in page
        assert "LLMs seen 2 of 2" in page and "RL seen 1 of 2" in page
        assert "LLMs 1.0 (2 ratings)" in page and "4.0" not in page


def test_what_is_kept_is_the_banks_alone(user, bank):
    """The same kept value serves every user, and it is what the bank gives read afresh."""
    other = AnswerFactory(question=bank["both"], done=True).user
    shown(user, bank["rl only"])
    mine, kept = coverage.bank_coverage(user.pk, language="en")
    theirs, kept_again = coverage.bank_coverage(other.pk, language="zh-hans")
    assert kept_again is kept
    assert kept == coverage.bank()
    assert kept.total == 4 and [topic[1:] for topic in kept.topics] == [
        ("llm", "大模型", "LLMs", 2),
        ("rl", "强化学习", "RL", 2),
    ]
    assert kept.names_in("en") == {"llm": "LLMs", "rl": "RL"}
    assert mine["seen"] == 1 and theirs["seen"] == 1
    assert [topic["seen"] for topic in mine["topics"]] == [0, 1]
    assert [(topic["name"], topic["seen"]) for topic in theirs["topics"]] == [
        ("大模型", 1),
        ("强化学习", 1),
    ]


def test_a_bank_without_its_generations_row_is_read_every_time(user, bank):
    """No generation's row (a flushed database; as generation.current() reads it: -1): the
    bank's side is read on every request, so even a change no signal saw shows."""
    from questions.generation import BankGeneration

    BankGeneration.objects.all().delete()
    data, _kept = coverage.bank_coverage(user.pk, language="en")
    assert data["total"] == 4
    retired = Question.objects.filter(is_active=True).order_by("pk").first()
    Question.objects.filter(pk=retired.pk).update(is_active=False)  # no signal, no row made
    assert not BankGeneration.objects.exists()
    data, _kept = coverage.bank_coverage(user.pk, language="en")
    assert data["total"] == 3


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


# Either index that starts with is_active covers it (the start page's on is_active and
# answer_minutes, too).
ACTIVE_INDEXES = ("questions_q_is_acti", "question_active_minutes")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_users_side_reads_their_answers_and_the_retired_questions_only(user):
    """A request's query reads the user's answers through their index, and of the bank only
    the retired questions (a search of the index on is_active, not a scan of it): no
    question's row, nor every question."""
    plan = _plan(coverage._seen_rows(user.pk))
    assert "COVERING INDEX answer_user_attempts (user_id=?)" in plan, plan
    assert any(f"COVERING INDEX {index}" in plan for index in ACTIVE_INDEXES), plan
    assert "(is_active=?)" in plan, plan
    assert "SCAN U0" not in plan and "SCAN questions_question" not in plan, plan
    assert "SEARCH questions_question USING INTEGER PRIMARY KEY" not in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_banks_side_reads_no_questions_row():
    """The bank's counts per topic find the active questions through the index on
    is_active: no question's row (with its long texts) is read."""
    plan = _plan(coverage._bank_rows())
    assert any(f"COVERING INDEX {index}" in plan for index in ACTIVE_INDEXES), plan
    assert "SEARCH questions_question USING INTEGER PRIMARY KEY" not in plan, plan

"""History as CSV: columns, BOM, formula injection, time zone, and a fixed cost per batch."""

import csv
import io

import pytest

from accounts.tests.factories import UserFactory
from banks import history_csv
from feedback.tests.factories import CoverageFactory
from interview.models import Answer
from interview.tests.factories import AnswerFactory, InterviewFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

URL = "/history/answers.csv"


def download(client, **extra) -> tuple[bytes, list[list[str]]]:
    response = client.get(URL, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def answer(user, *, position=1, **kwargs):
    interview = InterviewFactory(user=user, started_at=START)
    return AnswerFactory(interview=interview, position=position, done=True, **kwargs)


def test_one_row_per_done_answer_with_every_column(user, user_client):
    tags = [TagFactory(slug="llm", name_en="LLMs"), TagFactory(slug="rag", name_en="RAG")]
    question = QuestionFactory(title="什么是 RAG？", tags=tags)
    done = answer(
        user, question=question, rating=2, seconds_used=200, over_time_seconds=20, note="复习"
    )
    CoverageFactory(answer=done, found=2, total=5, suggested_rating=3)
    AnswerFactory(interview=done.interview, position=2)  # never shown: no row
    body, rows = download(user_client)
    assert body.startswith("\ufeff".encode())
    assert rows[0] == [
        "Date",
        "Question",
        "Topics",
        "Time used (seconds)",
        "Over time (seconds)",
        "Rating",
        "Suggested rating",
        "Key points found",
        "Key points total",
        "Note",
    ]
    assert rows[1][1:] == ["什么是 RAG？", "LLMs, RAG", "200", "20", "2", "3", "2", "5", "复习"]
    assert len(rows) == 2


def test_no_history_is_just_the_header(user_client):
    _body, rows = download(user_client)
    assert len(rows) == 1


def test_dates_are_in_the_readers_time_zone(user, user_client):
    answer(user, seconds_used=60)  # submitted at START + 60 s = 01:01 UTC
    user_client.cookies["tz"] = "America/New_York"
    _body, rows = download(user_client)
    assert rows[1][0] == "2025-03-02 20:01"
    user_client.cookies["tz"] = "Asia/Shanghai"
    _body, rows = download(user_client)
    assert rows[1][0] == "2025-03-03 09:01"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_injection_is_neutralised(user, user_client, text):
    answer(user, note=text, question=QuestionFactory(title=text))
    _body, rows = download(user_client)
    assert rows[1][1] == "'" + text and rows[1][9] == "'" + text


def test_chinese_headers_for_a_chinese_reader(user, client, clock):
    client.force_login(user)
    _body, rows = download(client)
    assert rows[0][:2] == ["日期", "题目"]


def test_only_the_users_own_answers(user, user_client):
    answer(UserFactory(), note="someone else")
    answer(user, note="mine")
    _body, rows = download(user_client)
    assert [row[9] for row in rows[1:]] == ["mine"]


def test_sign_in_needed(client, db):
    assert client.get(URL).status_code == 302


def test_queries_are_per_batch_not_per_answer(
    user, user_client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(history_csv, "CSV_BATCH_SIZE", 10)
    monkeypatch.setattr(history_csv.answer_batches, "__kwdefaults__", {"batch_size": 10})
    tags = TagFactory.create_batch(3)
    interview = InterviewFactory(user=user, started_at=START)
    for position in range(1, 36):
        done = AnswerFactory(
            interview=interview,
            position=position,
            done=True,
            rating=3,
            question=QuestionFactory(tags=tags),
        )
        CoverageFactory(answer=done, found=1, total=2)
    response = user_client.get(URL)
    # Four batches of answers with their questions (35 rows, then an empty batch), each
    # with its topics and the practice annotator's cards (the session was read before).
    with django_assert_max_num_queries(4 * 3 + 1):
        rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 36
    assert Answer.objects.filter(user=user).count() == 35


def test_the_history_page_links_to_it(user_client):
    assert f'href="{URL}"' in user_client.get("/history/").content.decode()

"""Pages cost the same number of queries whether a user has 2 interviews or 300."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Exists

from feedback.tests.factories import MissedPointFactory
from interview import services
from interview.models import Answer, Interview
from interview.selection import pool, seen_by
from interview.tallies import rebuild_tallies
from interview.tests.factories import interview_with
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START
from testsupport.history import (
    ANSWERS_PER_INTERVIEW,
    finished_interview,
    save_history,
    submitted_answer,
)
from testsupport.markup import comparable

pytestmark = pytest.mark.django_db


def build_history(user, questions, interview_count: int) -> Interview:
    """Past interviews, every answer submitted and rated; the newest is still open on q1."""

    def answers_for(index, interview):
        for position in range(1, ANSWERS_PER_INTERVIEW + 1):
            shown_at = interview.started_at + timedelta(minutes=2 * position)
            yield submitted_answer(
                interview=interview,
                position=position,
                question=questions[(index + position) % len(questions)],
                shown_at=shown_at,
                seconds_used=100 + position * 10,
                time_limit_seconds=120,
                text=f"Answer {index}-{position}",
                rating=1 + (index + position) % 4,
                rated_at=shown_at + timedelta(seconds=150),
                note=f"Note {index}-{position}",
            )

    interviews = save_history(
        (
            finished_interview(
                user=user,
                started_at=START - timedelta(hours=index + 1),
                finished_at=START - timedelta(hours=index + 1) + timedelta(minutes=10),
                minutes_per_question=2,
                topics=[{"slug": "llm", "name_zh": "大模型", "name_en": "LLMs"}],
            )
            for index in range(interview_count)
        ),
        answers_for,
    )
    rebuild_tallies([user])

    newest = interviews[0]
    newest.state = Interview.State.IN_PROGRESS
    newest.finished_at = None
    newest.save()
    first = newest.answers.get(position=1)
    first.status = Answer.Status.ACTIVE
    first.rating = first.rated_at = first.submitted_at = first.seconds_used = None
    first.deadline = START + timedelta(minutes=5)
    first.save()
    newest.answers.filter(position__gt=1).update(
        status=Answer.Status.PENDING, rating=None, shown_at=None, deadline=None
    )
    return newest


@pytest.fixture
def questions():
    tags = [TagFactory(slug=slug) for slug in ("llm", "rl", "diffusion")]
    return [QuestionFactory(tags=[tags[n % 3], tags[(n + 1) % 3]]) for n in range(12)]


@pytest.fixture(params=[2, 300], ids=["2-interviews", "300-interviews"])
def history(request, user, questions):
    open_interview = build_history(user, questions, request.param)
    assert Interview.objects.filter(user=user).count() == request.param
    return open_interview


# Session and user, read on every signed-in page.
SIGNED_IN = 2


# Panels other apps add to the answer form (interview/extensions.py): the voice recorder
# reads the interview's answer mode and the user's default (one query).
ANSWER_PANELS = 1


def test_question_page(user_client, history, django_assert_num_queries):
    with django_assert_num_queries(SIGNED_IN + 1 + ANSWER_PANELS):
        response = user_client.get(f"/interviews/{history.pk}/q/1/")
    assert response.status_code == 200
    assert 'data-remaining="300"' in response.content.decode()


FIRST_SHOW_QUERIES = 12


def test_first_showing_of_a_question(user_client, history, django_assert_num_queries):
    # The answer, and whether it is the current one; the interview and the answer locked;
    # the question and its key points (the snapshot); the answer's update; the card made
    # (one statement) and marked seen. The same with 300 interviews behind it.
    Answer.objects.filter(interview=history, position=1).update(
        status=Answer.Status.PENDING, shown_at=None, deadline=None
    )
    with django_assert_num_queries(SIGNED_IN + FIRST_SHOW_QUERIES + ANSWER_PANELS):
        response = user_client.get(f"/interviews/{history.pk}/q/1/")
    assert response.status_code == 200
    assert Answer.objects.get(interview=history, position=1).status == Answer.Status.ACTIVE


@pytest.mark.parametrize("page", [1, 8])
def test_history_list(user_client, history, django_assert_num_queries, page):
    with django_assert_num_queries(SIGNED_IN + 2):
        response = user_client.get("/history/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) in (2, 20)


def test_review_page(user_client, history, django_assert_num_queries):
    finished = Interview.objects.filter(user=history.user).exclude(pk=history.pk).first()
    # The interview; its answers, joined with their reviews and key-point coverage; the cards
    # behind the rating buttons' intervals.
    with django_assert_num_queries(SIGNED_IN + 3):
        response = user_client.get(f"/interviews/{finished.pk}/review/")
    assert response.status_code == 200
    assert response.content.decode().count('class="review-item"') == ANSWERS_PER_INTERVIEW


def test_review_of_a_single_practice(user_client, history, questions, django_assert_num_queries):
    single = interview_with(history.user, [questions[0]], now=START)
    Interview.objects.filter(pk=single.pk).update(mode="single")
    answer = services.answer_show(answer=single.answers.get(), now=START)
    answer = services.answer_submit(answer=answer, text="An answer", now=START)
    services.answer_rate(answer=answer, rating=3, note=None, now=START)
    CardFactory(user=history.user, question=questions[1], scheduled=True, due=START)
    # As any summary (interview; answers with reviews and coverage; cards), then where to go
    # on: the question due soonest, loaded; one on the same topics. Three more, and still
    # the same for 2 interviews or 300.
    with django_assert_num_queries(SIGNED_IN + 3 + 3):
        response = user_client.get(f"/interviews/{single.pk}/review/")
    assert response.status_code == 200
    assert len(response.context["suggestions"]) == 2


def test_progress_page(user_client, history, questions, django_assert_num_queries):
    # Missed points on every question, several each: the most missed are grouped by question.
    for number, question in enumerate(questions):
        for point in range(3):
            MissedPointFactory(user=history.user, question=question, misses=1 + number + point)
    # The user's side of the bank's coverage (what they were shown, per topic and in all,
    # with the bank's generation); the bank's side (each topic's active questions, the whole
    # bank's, every topic's names: interview/coverage.py); the rating tallies; the questions
    # whose points are missed most, then their points; coverage by week and by rating. Still
    # the same for 2 interviews or 300.
    with django_assert_num_queries(SIGNED_IN + 7):
        response = user_client.get("/history/progress/")
    assert response.status_code == 200
    assert response.context["total_rated"] > 0
    assert response.context["coverage"]["total"] == len(questions)
    # Again, the bank unchanged: its side is kept (questions/generation.py), so the user's
    # side with the generation, the tallies and the four of the missed points are read.
    with django_assert_num_queries(SIGNED_IN + 6):
        again = user_client.get("/history/progress/")
    assert _without_tokens(again) == _without_tokens(response)


def test_attempts_page(user_client, history, questions, django_assert_max_num_queries):
    # The question, the count, the page of attempts; the reader's card (star, next review);
    # the slots add-ons put beside the question (the basket's button: one); the recordings
    # of the answered attempts (voice; none when none is answered).
    with django_assert_max_num_queries(SIGNED_IN + 4 + 1 + 1):
        response = user_client.get(f"/history/questions/{questions[1].slug}/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 0


def test_start_page(user_client, history, django_assert_num_queries):
    # The bank's generation, topics with their question counts, unfinished interviews, the
    # size and average suggested time of the pool (the expected length, and the mix's
    # count), one count of the user's cards for the other modes (due, new, weakest,
    # starred), and the user's way of answering (voice).
    with django_assert_num_queries(SIGNED_IN + 1 + 3 + 1 + 1):
        response = user_client.get("/interviews/")
    assert response.status_code == 200
    assert f'href="/interviews/{history.pk}/"' in response.content.decode()
    # Again, the bank unchanged: the topics and the pool's size are kept (questions/
    # generation.py), so only the generation, the unfinished interviews, the cards' count
    # and the way of answering are read.
    with django_assert_num_queries(SIGNED_IN + 1 + 1 + 1 + 1):
        again = user_client.get("/interviews/")
    assert _without_tokens(again) == _without_tokens(response)


def _without_tokens(response) -> str:
    """A page with what differs on every request blanked (testsupport.markup.comparable):
    the CSRF and one-time tokens, the nonces."""
    return comparable(response.content.decode())


def test_autosave_is_one_statement_beyond_the_session(
    user_client, history, django_assert_num_queries
):
    # Session and user; then a single UPDATE scoped to the user's own answer on the clock.
    with django_assert_num_queries(SIGNED_IN + 1):
        response = user_client.post(
            f"/interviews/{history.pk}/q/1/autosave/",
            {"text": "typed", "revision": 10**12},
            HTTP_HX_REQUEST="true",
        )
    assert response["X-Draft-Saved"] == "1"


# Submit and rate read the answer once, locked with its interview (no read by the view
# before the service's locked one). Submit: the answer, the interview, the write, the
# review's card and the next question
# (and, for a question with key points, the coverage: this one has none, so nothing to
# undo). Rate (first or changed): the answer and its interview, the write, the tallies (one
# upsert), the card and its review log. (This history has no card yet for the question: the
# rating makes it with one INSERT … ON CONFLICT DO NOTHING and reads it back, without
# get_or_create's savepoint.) A changed rating replays the log but writes back only the
# "card before" snapshots that changed: none, when the newest review's rating changes; the
# page reads the review as the replay left it. Voice's receiver on answer_done reads the
# answer's recording from the answer itself (joined when the answer is loaded): no query of
# its own. The key-point check runs in the submit's transaction without a savepoint of its
# own, and the rating buttons drawn after a rating read the card the rating just saved.
SUBMIT_QUERIES = 7
RATE_QUERIES = 12
CHANGE_RATING_QUERIES = 11


def test_submit_and_rate(user_client, history, django_assert_num_queries):
    """Submitting, rating and changing the rating cost the same whatever the history: the
    rating's tallies are one upsert, not a read, a lock and a write per row."""
    url = f"/interviews/{history.pk}/q/1/"
    with django_assert_num_queries(SIGNED_IN + SUBMIT_QUERIES):
        response = user_client.post(
            url + "submit/",
            {"text": "LoRA 冻结原权重", "revision": 10**12, "action": "submit"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    with django_assert_num_queries(SIGNED_IN + RATE_QUERIES):
        response = user_client.post(url + "rate/", {"rating": 3}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    with django_assert_num_queries(SIGNED_IN + CHANGE_RATING_QUERIES):
        response = user_client.post(url + "rate/", {"rating": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Answer.objects.get(interview=history, position=1).rating == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_mix_tests_seen_questions_on_the_users_own_answers(user, history):
    """The random mix puts unseen questions first; whether a question was seen is looked up
    in the index on the user's own answers, not by joining every answer to the question
    with its interview (which grew with every other user's history)."""
    plan = pool([]).annotate(seen=Exists(seen_by(user))).explain()
    assert "answer_user_attempts" in plan, plan
    assert "interview_interview" not in plan, plan


# The start limit counts the user's recent interviews (one COUNT before the draw, one under
# the lock) instead of a counter in the database cache (ten statements of add and incr).
START_QUERIES = 12


def test_starting_an_interview(user_client, history, django_assert_num_queries):
    # Everything a start reads and writes (the start limit's count, the draw with questions
    # not seen first, the interview and its answers) costs as many queries with 300
    # interviews behind it as with 2. The modes' counts are only drawn on a page, not for a
    # start that succeeds.
    with django_assert_num_queries(SIGNED_IN + START_QUERIES):
        response = user_client.post(
            "/interviews/",
            {"mode": "mix", "question_count": 3, "token": "pinned-start", "prefer_unseen": "on"},
        )
    assert response.status_code == 302
    assert Interview.objects.filter(user=history.user).count() in (3, 301)

"""The home page, start page and bank list cost the same queries after 10 or 2,000 interviews."""

from datetime import timedelta

import pytest

from interview import services
from interview.tests.factories import interview_with
from practice import services as practice_services
from practice.models import Card, Review
from practice.tests.factories import CardFactory, ReviewFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START
from testsupport.history import (
    ANSWERS_PER_INTERVIEW,
    finished_interview,
    save_history,
    submitted_answer,
)

pytestmark = pytest.mark.django_db


def build_history(user, questions, interview_count: int) -> None:
    """Finished interviews over the last months, answers rated, each rating in the log."""
    answers = []

    def answers_for(index, interview):
        made = []
        for position in range(1, ANSWERS_PER_INTERVIEW + 1):
            shown = interview.started_at + timedelta(minutes=position)
            # Every tenth answer waits for a rating.
            rating = None if (index + position) % 10 == 0 else 1 + (index + position) % 4
            made.append(
                submitted_answer(
                    interview=interview,
                    position=position,
                    question=questions[(index + position) % len(questions)],
                    shown_at=shown,
                    seconds_used=60,
                    time_limit_seconds=120,
                    text="answer",
                    rating=rating,
                    rated_at=shown + timedelta(seconds=60) if rating else None,
                )
            )
        answers.extend(made)
        return made

    save_history(
        (
            finished_interview(
                user=user,
                started_at=START - timedelta(hours=2 * index + 1),
                finished_at=START - timedelta(hours=2 * index),
            )
            for index in range(interview_count)
        ),
        answers_for,
    )
    Review.objects.bulk_create(
        ReviewFactory.build(answer=answer, user=user) for answer in answers if answer.rating
    )
    Card.objects.bulk_create(
        CardFactory.build(
            user=user,
            question=question,
            scheduled=True,
            starred=number % 3 == 0,
            first_seen_at=START - timedelta(days=30),
            stability=2.0 + number,
            due=START + timedelta(days=number - 4),
            last_review=START - timedelta(days=2),
            last_rating=1 + number % 4,
            reviews=10,
        )
        for number, question in enumerate(questions[:-2])  # the last two stay new
    )


@pytest.fixture
def questions():
    tags = [TagFactory(slug=slug) for slug in ("llm", "rl", "diffusion")]
    return [QuestionFactory(tags=[tags[n % 3], tags[(n + 1) % 3]]) for n in range(12)]


@pytest.fixture(params=[10, 2000], ids=["10-interviews", "2000-interviews"])
def history(request, user, questions, clock):
    build_history(user, questions, request.param)
    return request.param


# Session and user, read on every signed-in page.
SIGNED_IN = 2


def test_home_page(user_client, history, django_assert_num_queries):
    # Due count, unfinished interviews, waiting answers (+ their count), weakest topics,
    # forecast, days practised.
    with django_assert_num_queries(SIGNED_IN + 7):
        response = user_client.get("/")
    assert response.status_code == 200
    assert response.context["due_count"] == 5
    assert response.context["waiting_total"] > 0


def test_start_page(user_client, history, django_assert_num_queries):
    # The bank's generation, topics with their question counts, unfinished interviews, the
    # size and average suggested time of the pool (the expected length, and the mix's
    # count), one count of the user's cards for the other modes (due, new, weakest,
    # starred), and the user's way of answering (voice). Shown again with the bank
    # unchanged, the topics and the pool's size are kept (questions/generation.py).
    with django_assert_num_queries(SIGNED_IN + 1 + 3 + 1 + 1):
        response = user_client.get("/interviews/")
    assert response.context["modes"]["due"] == 5
    with django_assert_num_queries(SIGNED_IN + 1 + 1 + 1 + 1):
        response = user_client.get("/interviews/")
    assert response.context["modes"]["due"] == 5


@pytest.mark.parametrize("status", ["", "due", "starred", "new"])
def test_bank_list(user_client, history, django_assert_num_queries, status):
    # The bank's generation; count, page of questions, their tags, their related questions;
    # the reader's cards for the page; tags for the form; the reader's basket (banks' slot:
    # the buttons and the badge).
    params = {"status": status} if status else {}
    with django_assert_num_queries(SIGNED_IN + 1 + 6 + 1):
        response = user_client.get("/questions/", params)
    assert response.status_code == 200
    assert response.context["page"].object_list
    # Again, the bank unchanged (questions.listing_kept): the generation, the reader's cards
    # and basket; the form's tags are kept, and without a status so are the count, the page
    # and its tags and related questions. A status narrows the list by the reader's cards:
    # that listing is read each time.
    read_again = 4 if status else 0
    with django_assert_num_queries(SIGNED_IN + 1 + read_again + 2):
        again = user_client.get("/questions/", params)
    assert again.context["page"].object_list == response.context["page"].object_list


# Rating a question that has a related one: the fast path's queries (the card, the review
# written, the card saved) plus, for the twin: the links around the question, its card made
# if missing and locked, the log of both read, the twin's card saved and the changed "card
# before" written (the page reads the review as the replay left it): 4 more than a question
# without related ones, which pays nothing for this (interview/tests/test_queries.py
# RATE_QUERIES).
RATE_RELATED_QUERIES = 16


def test_rating_a_question_with_a_related_one(
    user_client, user, history, questions, django_assert_num_queries
):
    questions[0].related.add(questions[1])
    # The first replay after linking rewrites every "card before" of both questions (their
    # reviews now form one log), once; this history's snapshots were never filled at all.
    practice_services.cards_reschedule(user=user)
    interview = interview_with(user, [questions[0]], now=START)
    answer = services.answer_show(answer=interview.answers.get(), now=START)
    services.answer_submit(answer=answer, text="text", now=START + timedelta(seconds=60))
    with django_assert_num_queries(SIGNED_IN + RATE_RELATED_QUERIES):
        response = user_client.post(
            f"/interviews/{interview.pk}/q/1/rate/", {"rating": 3}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    first, twin = (Card.objects.get(user=user, question=q) for q in questions[:2])
    assert first.due == twin.due and first.reviews == twin.reviews


def test_bank_list_with_nothing_due(user, user_client, history, django_assert_num_queries):
    Card.objects.filter(user=user).update(due=START + timedelta(days=1))
    # The bank's generation; count (none: no page, no tags or related questions, no cards);
    # tags for the form; the soonest review, for the words that replace "try fewer words";
    # the basket's badge.
    with django_assert_num_queries(SIGNED_IN + 1 + 3 + 1):
        response = user_client.get("/questions/", {"status": "due"})
    assert "The next review is on" in response.content.decode()
    # Again: the form's tags are kept (questions.listing_kept), the rest is the reader's.
    with django_assert_num_queries(SIGNED_IN + 1 + 2 + 1):
        response = user_client.get("/questions/", {"status": "due"})
    assert "The next review is on" in response.content.decode()

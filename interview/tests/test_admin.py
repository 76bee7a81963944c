"""The question admin shows how each question fares in interviews, at a fixed query cost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from interview.models import Answer, Interview
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:questions_question_changelist")


def answered(question, *ratings_and_overtime, status=Answer.Status.SUBMITTED):
    """One interview in which `question` was answered once per (rating, seconds over time)."""
    interview = Interview.objects.create(
        user=UserFactory(), question_count=len(ratings_and_overtime), started_at=timezone.now()
    )
    Answer.objects.bulk_create(
        Answer(
            interview=interview,
            user=interview.user,
            position=position,
            question=question,
            title_snapshot=question.title,
            time_limit_seconds=120,
            status=status,
            shown_at=interview.started_at,
            rating=rating,
            over_time_seconds=over,
        )
        for position, (rating, over) in enumerate(ratings_and_overtime, start=1)
    )


def column(client, name: str) -> int:
    """The changelist's number for a column, as its sort links use it."""
    return client.get(CHANGELIST).context["cl"].list_display.index(name)


def row_for(response, question):
    [row] = [q for q in response.context["cl"].result_list if q.pk == question.pk]
    return row


def test_the_list_shows_attempts_average_rating_and_share_over_time(admin_client):
    question = QuestionFactory()
    answered(question, (4, 0), (3, 30), (None, 0), (2, 0))
    answered(question, (1, 0), status=Answer.Status.SKIPPED)  # a skip is no attempt
    response = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en")
    row = row_for(response, question)
    assert row.attempt_count == 4
    assert row.average_rating == pytest.approx(3.0)  # the unrated answer does not count
    assert row.over_time_share == pytest.approx(0.25)
    html = response.content.decode()
    assert '<td class="field-attempts">4</td>' in html
    assert '<td class="field-average_self_rating">3.0</td>' in html
    assert '<td class="field-over_time">25%</td>' in html


def test_a_question_nobody_answered_shows_dashes(admin_client):
    question = QuestionFactory()
    response = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en")
    row = row_for(response, question)
    assert (row.attempt_count, row.average_rating, row.over_time_share) == (0, None, None)
    html = response.content.decode()
    assert '<td class="field-average_self_rating">—</td>' in html
    assert '<td class="field-over_time">—</td>' in html


def test_the_list_sorts_by_attempts(admin_client):
    few, many = QuestionFactory(), QuestionFactory()
    answered(few, (3, 0))
    answered(many, (3, 0), (2, 0), (4, 0))
    response = admin_client.get(CHANGELIST, {"o": f"-{column(admin_client, 'attempts')}"})
    assert [q.pk for q in response.context["cl"].result_list][:2] == [many.pk, few.pk]


def test_the_change_page_sums_up_the_question_in_interviews(admin_client):
    question = QuestionFactory()
    answered(question, (4, 0), (2, 10), (3, 0), (3, 0))
    page = admin_client.get(
        reverse("admin:questions_question_change", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (
        "Answered 4 times in interviews. Average self-rating 3.0 of 4. 1 of 4 over time (25%)."
    ) in page.content.decode()


def test_the_change_page_of_a_new_question_says_it_was_not_answered(admin_client):
    question = QuestionFactory()
    page = admin_client.get(
        reverse("admin:questions_question_change", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Not answered in any interview yet." in page.content.decode()


def build_bank(question_count: int, answers_per_question: int) -> None:
    """Questions with tags, each answered (rated, some over time) in one shared interview."""
    tags = [TagFactory(), TagFactory()]
    questions = QuestionFactory.create_batch(question_count, tags=tags)
    interview = Interview.objects.create(
        user=UserFactory(),
        question_count=question_count * answers_per_question,
        started_at=timezone.now() - timedelta(days=1),
    )
    Answer.objects.bulk_create(
        Answer(
            interview=interview,
            user=interview.user,
            position=index * answers_per_question + k + 1,
            question=question,
            title_snapshot=question.title,
            time_limit_seconds=120,
            status=Answer.Status.SUBMITTED,
            shown_at=interview.started_at,
            rating=1 + (index + k) % 4,
            over_time_seconds=30 if k % 3 == 0 else 0,
        )
        for index, question in enumerate(questions)
        for k in range(answers_per_question)
    )


# Session and user, two counts (filtered and total), the page of questions with their
# statistics, their tags, and the tags of the tag filter.
CHANGELIST_QUERIES = 7


@pytest.mark.parametrize(("questions", "answers"), [(3, 1), (120, 20)])
def test_the_list_costs_the_same_queries_however_many_questions_and_answers(
    admin_client, django_assert_num_queries, questions, answers
):
    build_bank(questions, answers)
    by_share = f"-{column(admin_client, 'over_time')}"  # sorted by a statistic, too
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(CHANGELIST, {"o": by_share})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert len(shown) == min(questions, 50)
    assert all(question.attempt_count == answers for question in shown)

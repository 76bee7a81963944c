"""The history list's and attempts page's reads (interview/history_reads.py): compiled once,
they give what the querysets give, past the prepared pages too, and a question's slug
found once still follows an edit."""

from datetime import timedelta

import pytest
from django.http import Http404

from interview import history_reads
from interview.models import Interview
from interview.tests.factories import AnswerFactory, InterviewFactory
from questions.models import Question
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def test_every_page_of_the_history_is_the_querysets(user, monkeypatch):
    for day in range(45):
        InterviewFactory(user=user, started_at=START - timedelta(hours=day % 7, days=day // 3))
    InterviewFactory()  # someone else's
    expected = list(
        Interview.objects.filter(user=user).order_by("-started_at", "-pk").values_list("pk")
    )
    for prepared_pages in (50, 1):  # read by a prepared read, then by the ORM past the first
        monkeypatch.setattr(history_reads, "PREPARED_PAGES", prepared_pages)
        shown = []
        for number in (1, 2, 3):
            page = history_reads.history_page(user, str(number))
            assert page.paginator.count == 45 and page.paginator.num_pages == 3
            shown += [(interview.pk,) for interview in page.object_list]
        assert shown == expected
    assert history_reads.history_page(user, "x").number == 1
    assert history_reads.history_page(user, "99").number == 3


def test_no_history_is_one_query(user, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = history_reads.history_page(user, None)
    assert list(page.object_list) == [] and page.paginator.count == 0


def test_attempts_are_the_users_shown_answers_at_the_question(user):
    question = QuestionFactory()
    mine = [AnswerFactory(interview__user=user, question=question, shown=True).pk for _ in range(3)]
    AnswerFactory(interview__user=user, question=question)  # never shown
    AnswerFactory(question=question, shown=True)  # someone else's
    AnswerFactory(interview__user=user, shown=True)  # another question
    page = history_reads.attempts_page(user, question, None)
    assert page.paginator.count == 3
    assert sorted(answer.pk for answer in page.object_list) == sorted(mine)
    assert all(answer.user_id == user.pk for answer in page.object_list)


def test_a_question_found_by_its_slug_follows_an_edit(django_assert_num_queries):
    question = QuestionFactory(slug="first-slug")
    assert history_reads.question_by_slug("first-slug").pk == question.pk
    with django_assert_num_queries(1):
        assert history_reads.question_by_slug("first-slug").pk == question.pk
    Question.objects.filter(pk=question.pk).update(slug="second-slug")
    other = QuestionFactory(slug="first-slug-2")
    Question.objects.filter(pk=other.pk).update(slug="first-slug")
    assert history_reads.question_by_slug("first-slug").pk == other.pk
    assert history_reads.question_by_slug("second-slug").pk == question.pk
    Question.objects.filter(pk=other.pk).delete()
    with pytest.raises(Http404):
        history_reads.question_by_slug("first-slug")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_of_values_show_what_the_interviews_showed(user, language):
    """The history list reads rows of values (InterviewRow), not model instances: its rows
    are the markup the instances gave, with topics, a single question, totals and none."""
    from django.utils import translation

    from interview.templatetags.history_rows import forget_rows, interview_rows

    single = InterviewFactory(user=user, mode="single", started_at=START)
    AnswerFactory(interview=single, title_snapshot='<b>"x"</b> & y', done=True, rating=3)
    topics = [{"slug": "llm", "name_zh": "大模型", "name_en": "LLMs <i>"}, {"slug": "rl"}]
    mixed = InterviewFactory(user=user, topics=topics, started_at=START - timedelta(days=1))
    for position, rating in ((1, 4), (2, None)):
        AnswerFactory(interview=mixed, position=position, done=True, rating=rating)
    InterviewFactory(user=user, started_at=START - timedelta(days=2), state="abandoned")
    instances = list(
        Interview.objects.filter(user=user)
        .with_totals()
        .with_single_title()
        .order_by("-started_at", "-pk")
    )
    with translation.override(language):
        forget_rows()
        expected = interview_rows(instances)
        assert "LLMs &lt;i&gt;" in expected or "大模型" in expected
        forget_rows()
        rows = history_reads.history_page(user, None).object_list
        assert interview_rows(rows) == expected
        assert rows == instances

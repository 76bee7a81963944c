"""A new interview's answers written by the compiled insert (start_writes) are the rows
bulk_create wrote: every column, on this database, for one answer, a few, and more than
SQLite takes in one statement."""

import pytest
from django.forms.models import model_to_dict

from interview.models import Answer
from interview.services import start_writes
from interview.tests.factories import InterviewFactory
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<b>'quoted'</b> %s %(x)s \\ 长"


def rows_for(interview, questions) -> list[tuple]:
    return [
        (interview.pk, interview.user_id, position, question.pk, question.title,
         question.answer_md, question.supplement_md, 60 * position)
        for position, question in enumerate(questions, start=1)
    ]  # fmt: skip


def columns(interview) -> list[dict]:
    """The answers' every column but the ids (each table's own)."""
    return [
        {
            name: value
            for name, value in model_to_dict(answer).items()
            if name not in {"id", "interview"}
        }
        for answer in Answer.objects.filter(interview=interview).order_by("position")
    ]


@pytest.mark.parametrize("count", [1, 5, 45])
def test_the_compiled_insert_writes_what_bulk_create_wrote(count):
    questions = [
        QuestionFactory(title=f"{HOSTILE} {number}", answer_md=HOSTILE, supplement_md="")
        for number in range(count)
    ]
    compiled, plain = InterviewFactory(), InterviewFactory()
    plain.user = compiled.user
    plain.save()
    start_writes.answers_insert(rows_for(compiled, questions))
    Answer.objects.bulk_create(
        Answer(**dict(zip(start_writes.VARYING, row, strict=True)))
        for row in rows_for(plain, questions)
    )
    written = columns(compiled)
    assert len(written) == count
    assert written == columns(plain)
    # Twice with the same number of rows: the kept statement.
    again = InterviewFactory(user=compiled.user)
    start_writes.answers_insert(rows_for(again, questions))
    assert columns(again) == written


def test_five_answers_are_one_statement(django_assert_num_queries):
    questions = [QuestionFactory() for _ in range(5)]
    interview = InterviewFactory()
    start_writes.answers_insert(rows_for(interview, questions))  # compiled
    interview = InterviewFactory()
    with django_assert_num_queries(1):
        start_writes.answers_insert(rows_for(interview, questions))
    # By the compiled statement (SQLite: row by row; PostgreSQL: UNNEST's columns).
    assert start_writes._insert._compiled[("default", 5)] is not None

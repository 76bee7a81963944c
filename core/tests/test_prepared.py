"""A prepared read (core/prepared.py) gives what its queryset gives, for any values."""

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.prepared import Prepared
from interview.models import Answer
from interview.tests.factories import AnswerFactory
from questions.models import Question, Tag
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def answers_of(pk, user_id, position):
    return Answer.objects.select_related("interview", "question").filter(
        interview__pk=pk, interview__user=user_id, position=position
    )


def test_objects_with_their_joins_are_what_the_queryset_gives():
    prepared = Prepared(Answer, answers_of)
    first, second = AnswerFactory(done=True), AnswerFactory(position=2)
    for answer in (first, second):
        values = (answer.interview_id, answer.user_id, answer.position)
        expected = answers_of(*values).get()
        with CaptureQueriesContext(connection) as queries:
            got = prepared.get(*values)
            assert got.interview.started_at == expected.interview.started_at
            assert got.question.title == expected.question.title
        assert len(queries) == 1
        assert got.pk == expected.pk
        assert got.submitted_at == expected.submitted_at  # converted as the ORM converts
        assert got.status == expected.status
    # Someone else's interview, or a position that is not there: nothing.
    with pytest.raises(Answer.DoesNotExist):
        prepared.get(first.interview_id, second.user_id, 1)
    assert prepared.first(first.interview_id, first.user_id, 9) is None


def test_values_and_lists_of_any_length():
    one, two = TagFactory(), TagFactory()
    first = QuestionFactory(tags=[one, two])
    second = QuestionFactory(tags=[two])
    slugs = Prepared(
        Tag,
        lambda question_id: (
            Tag.objects.filter(questions=question_id)
            .order_by("slug")
            .values_list("slug", flat=True)
        ),
    )
    assert slugs.all(first.pk) == sorted([one.slug, two.slug])
    assert slugs.all(second.pk) == [two.slug]
    titles = Prepared(
        Question,
        lambda ids: Question.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "title"),
    )
    assert titles.all([first.pk]) == [(first.pk, first.title)]
    assert titles.all([first.pk, second.pk]) == [(first.pk, first.title), (second.pk, second.title)]
    with CaptureQueriesContext(connection) as queries:
        assert titles.all([]) == []
    assert not queries


def test_a_constant_that_looks_like_a_value_is_kept():
    question = QuestionFactory(number=32_767)
    prepared = Prepared(
        Question, lambda pk: Question.objects.filter(pk=pk, number=32_767).values_list("pk")
    )
    assert prepared.all(question.pk) == [(question.pk,)]
    assert prepared.all(question.pk + 1) == []


def test_a_value_fixed_at_the_moment_of_building_is_refused():
    """Anything but the values given must be the same for every call: a time is not."""
    prepared = Prepared(
        Question, lambda pk: Question.objects.filter(pk=pk).annotate(at=Value(timezone.now()))
    )
    with pytest.raises(ValueError, match="not one of the values"):
        prepared.all(1)


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_needs_a_transaction():
    question = QuestionFactory()
    prepared = Prepared(Question, lambda pk: Question.objects.select_for_update().filter(pk=pk))
    with transaction.atomic():
        assert prepared.get(question.pk) == question
    with pytest.raises(TransactionManagementError):
        prepared.get(question.pk)


def test_a_value_the_sql_does_not_use_is_refused():
    prepared = Prepared(Question, lambda pk: Question.objects.all())
    with pytest.raises(ValueError, match="did not reach the SQL"):
        prepared.all(1)

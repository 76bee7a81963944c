"""Cards and reviews made through core.prepared_insert are the rows the ORM makes: the same
columns and values, the new id on the instance, a card already there left as it was."""

from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from core.prepared_insert import PreparedInsert
from interview.tests.factories import AnswerFactory
from practice.models import Card, Review
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def columns(row) -> dict:
    """Every field's value but the id."""
    return {key: value for key, value in model_to_dict(row).items() if key != "id"}


def test_a_card_is_the_row_bulk_create_makes_and_a_second_is_ignored():
    user = UserFactory()
    mine, theirs = QuestionFactory(), QuestionFactory()
    Card.objects.bulk_create(
        [Card(user=user, question=theirs, first_seen_at=START)], ignore_conflicts=True
    )
    inserted = PreparedInsert(Card, ignore_conflicts=True)
    inserted.insert(Card(user=user, question=mine, first_seen_at=START))
    made, expected = Card.objects.get(question=mine), Card.objects.get(question=theirs)
    assert columns(made) | {"question": theirs.pk} == columns(expected)
    # One statement, and a card that is there already keeps its values.
    with CaptureQueriesContext(connection) as captured:
        inserted.insert(Card(user=user, question=mine, first_seen_at=START + timedelta(1)))
    assert len(captured) == 1
    assert Card.objects.get(question=mine).first_seen_at == START
    assert Card.objects.filter(user=user).count() == 2


def test_a_review_is_the_row_create_makes_with_its_id():
    first, second = AnswerFactory(done=True, rating=3), AnswerFactory(done=True, rating=2)
    values = {"rating": 2, "reviewed_at": START, "duration_ms": None, "card_before": {"a": [1]}}
    expected = Review.objects.create(
        user=first.user, question=first.question, answer=first, **values
    )
    review = Review(user=second.user, question=second.question, answer=second, **values)
    with CaptureQueriesContext(connection) as captured:
        PreparedInsert(Review).insert(review)
    assert len(captured) == 1
    assert review.pk is not None and review.pk != expected.pk
    assert not review._state.adding and review._state.db == "default"
    stored = Review.objects.get(pk=review.pk)
    assert columns(stored) | {"user": first.user_id, "question": first.question_id} == columns(
        expected
    ) | {"answer": second.pk}
    assert stored.card_before == {"a": [1]}


def test_a_model_that_does_more_on_saving_is_refused():
    from accounts.models import User

    with pytest.raises(TypeError):
        PreparedInsert(User).insert(User(email="x@example.com"))

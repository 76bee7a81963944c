"""The bank's generation (questions/generation.py): every change to the bank through the ORM
makes a new one, in the change's own transaction, and what is kept under it is made again
after a change and never before."""

import pytest
from django.db import transaction

from questions import generation
from questions.models import BankGeneration, Question
from questions.tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


def changes(action) -> bool:
    before = generation.current()
    action()
    return generation.current() != before


def test_the_migration_makes_its_row():
    assert BankGeneration.objects.filter(pk=generation.ROW).exists()
    assert generation.current() == BankGeneration.objects.get().value


def test_every_change_to_questions_topics_and_their_pairs_makes_a_new_generation():
    topic = TagFactory()
    question = QuestionFactory()
    other = QuestionFactory()
    assert changes(lambda: QuestionFactory())
    assert changes(lambda: TagFactory())
    assert changes(lambda: question.save())
    assert changes(lambda: Question.objects.filter(pk=other.pk).first().save())
    assert changes(lambda: question.tags.add(topic))
    assert changes(lambda: question.tags.remove(topic))
    assert changes(lambda: question.tags.set([topic]))
    assert changes(lambda: question.tags.clear())
    assert changes(lambda: question.related.add(other))
    assert changes(lambda: question.related.clear())
    assert changes(lambda: topic.delete())
    assert changes(lambda: other.delete())


def test_reading_the_bank_changes_nothing():
    QuestionFactory()
    assert not changes(lambda: list(Question.objects.all()))


def test_a_change_rolled_back_leaves_the_generation_it_found():
    before = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        QuestionFactory()
        assert generation.current() != before  # seen inside the change's own transaction
        raise RuntimeError("rolled back")
    assert generation.current() == before


def test_a_new_generation_is_drawn_not_counted_so_a_rolled_back_one_does_not_come_back():
    seen = {generation.current()}
    for _ in range(20):
        generation.advance()
        seen.add(generation.current())
    assert len(seen) == 21


def test_a_missing_row_is_made_again_by_the_next_change():
    BankGeneration.objects.all().delete()
    assert generation.current() == -1
    generation.advance()
    assert generation.current() != -1
    assert BankGeneration.objects.count() == 1


def test_what_is_kept_is_made_once_per_generation():
    made = []

    def make():
        made.append(1)
        return len(made)

    now = generation.current()
    assert generation.kept("figure", now, make) == 1
    assert generation.kept("figure", now, make) == 1
    assert generation.kept("other figure", now, make) == 2  # kept under its own name
    QuestionFactory()
    later = generation.current()
    assert generation.kept("figure", later, make) == 3
    assert generation.kept("figure", later, make) == 3
    generation.forget()
    assert generation.kept("figure", later, make) == 4

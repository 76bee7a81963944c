"""The bank's generation (questions/generation.py): every change to the bank through the ORM
makes a new one, in the change's own transaction, and what is kept under it is made again
after a change and never before."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

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


def test_the_command_makes_a_new_generation_for_changes_no_signal_saw():
    question = QuestionFactory()
    before = generation.current()
    Question.objects.filter(pk=question.pk).update(title="changed in a shell")
    assert generation.current() == before
    out = io.StringIO()
    call_command("bank_changed", stdout=out)
    assert generation.current() != before
    assert out.getvalue() == f"New bank generation: {generation.current()}\n"


def test_the_command_names_an_unknown_database_instead_of_failing():
    with pytest.raises(CommandError, match="invalid choice: 'nope'"):
        call_command("bank_changed", "--database", "nope")


def test_migrate_makes_a_new_generation(transactional_db):
    # Data migrations change the bank through historical models, which send no signals.
    before = generation.current()
    call_command("migrate", "questions", verbosity=0)
    assert generation.current() != before


def test_without_its_row_nothing_is_kept():
    BankGeneration.objects.all().delete()
    made = []
    for _ in range(2):
        generation.kept("figure", generation.current(), lambda: made.append(1))
    assert len(made) == 2  # made every time: a change no signal saw still shows


def _writes(captured) -> list[str]:
    """The tables written by the captured statements, in order ("generation" for its row)."""
    tables = []
    for query in captured:
        sql = query["sql"].upper()
        if sql.startswith(("UPDATE", "INSERT", "DELETE")):
            tables.append("generation" if "QUESTIONS_BANKGENERATION" in sql else "bank")
    return tables


def test_in_a_transaction_the_generation_is_taken_before_any_row_of_the_bank():
    # Every writer locks the generation's row first: an import holding it and an editor's
    # save then queue one behind the other instead of each holding what the other needs
    # (a deadlock on PostgreSQL when the row came after the question's).
    topic = TagFactory()
    question = QuestionFactory()
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        question.title = "changed"
        question.save()
        question.tags.add(topic)
        QuestionFactory()
    writes = _writes(captured)
    assert writes[0] == "generation"
    assert "bank" in writes


def test_a_save_outside_a_transaction_makes_its_generation_after_it(transactional_db):
    # Autocommit: a new value seen before the change would let the old bank be kept under it.
    question = QuestionFactory()
    with CaptureQueriesContext(connection) as captured:
        question.title = "changed"
        question.save()
    assert _writes(captured) == ["bank", "generation"]

"""practice.services: the one door for every change to practice's data."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest

from accounts.tests.factories import UserFactory
from interview import services as interview_services
from practice import services
from practice.models import RETENTION_DEFAULT, Card, LearnerSettings, Review
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

PRACTICE = Path(__file__).resolve().parent.parent


# Stars


def test_starring_makes_the_card_and_unstarring_keeps_it(user):
    question = QuestionFactory()
    card = services.card_star(user=user, question=question, starred=True)
    assert card.starred and card.question == question
    assert Card.objects.get(user=user, question=question).starred

    again = services.card_star(user=user, question=question, starred=False)
    assert again.pk == card.pk
    assert Card.objects.filter(user=user, question=question).count() == 1
    assert not Card.objects.get(user=user, question=question).starred


def test_starring_keeps_the_schedule_and_other_users_cards(user, answer_and_rate):
    question = QuestionFactory()
    answer_and_rate(user, question, rating=3)
    other = UserFactory()
    services.card_star(user=other, question=question, starred=True)
    before = Card.objects.get(user=user, question=question)

    services.card_star(user=user, question=question, starred=True)
    after = Card.objects.get(user=user, question=question)
    assert (after.due, after.reviews, after.first_seen_at) == (
        before.due,
        before.reviews,
        before.first_seen_at,
    )
    assert Card.objects.get(user=other, question=question).starred


# One way to make a card


def test_card_for_makes_a_card_once_and_then_finds_it(user):
    question = QuestionFactory()
    made = services.card_for(user=user, question_id=question.pk)
    assert made.pk is not None and made.desired_retention == RETENTION_DEFAULT
    found = services.card_for(user=user, question_id=question.pk, lock=False)
    assert found.pk == made.pk
    assert Card.objects.count() == 1


def test_a_card_made_meanwhile_is_kept_not_duplicated(user):
    question = QuestionFactory()
    Card.objects.create(user=user, question=question, starred=True)
    # Another request's INSERT of the same card changes nothing and raises nothing.
    services._card_insert(user_id=user.pk, question_id=question.pk)
    card = services.card_for(user=user, question_id=question.pk)
    assert card.starred
    assert Card.objects.count() == 1


def test_showing_rating_and_starring_all_make_cards_through_one_function(
    user, answer_and_rate, monkeypatch
):
    made = []
    real_insert = services._card_insert

    def spy(**kwargs):
        made.append(kwargs["question_id"])
        real_insert(**kwargs)

    monkeypatch.setattr(services, "_card_insert", spy)
    shown, starred = QuestionFactory(), QuestionFactory()
    answer_and_rate(user, shown, rating=3)  # shown (card made), then rated (card found)
    services.card_star(user=user, question=starred, starred=True)
    assert made == [shown.pk, starred.pk]

    # A rating whose question has no card (its card deleted) makes it the same way.
    Card.objects.filter(question=shown).delete()
    answer = user.answers.get(question=shown)
    interview_services.answer_rate(answer=answer, rating=1, note=None, now=START)
    assert made == [shown.pk, starred.pk, shown.pk]
    assert Card.objects.get(user=user, question=shown).reviews == 1


def _writes_of_models(tree: ast.AST) -> list[str]:
    writes = {"save", "create", "bulk_create", "get_or_create", "update_or_create", "update"}
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in writes
    ]


def test_only_the_services_module_writes_practices_models():
    """Cards, reviews and settings change in practice/services.py and nowhere else."""
    offenders = {}
    for path in PRACTICE.rglob("*.py"):
        relative = path.relative_to(PRACTICE)
        if relative.parts[0] in ("tests", "migrations") or relative.name == "services.py":
            continue
        found = _writes_of_models(ast.parse(path.read_text()))
        if found:
            offenders[str(relative)] = found
    assert offenders == {}


# Desired retention


def test_setting_retention_stores_it_and_reschedules_every_card(user, answer_and_rate):
    first, second = QuestionFactory(), QuestionFactory()
    answer_and_rate(user, first, rating=3)
    answer_and_rate(user, second, rating=3, at=START + timedelta(hours=1))
    before = {card.pk: card.due for card in Card.objects.filter(user=user)}

    assert services.retention_set(user=user, value=0.95) == 2
    assert LearnerSettings.objects.retention_of(user) == 0.95
    after = {card.pk: card.due for card in Card.objects.filter(user=user)}
    assert all(after[pk] < before[pk] for pk in before)
    # The review log's "card before" snapshots were replayed too, not added to.
    assert Review.objects.filter(user=user).count() == 2


def test_setting_the_same_retention_again_changes_nothing(user, answer_and_rate):
    answer_and_rate(user, QuestionFactory(), rating=3)
    services.retention_set(user=user, value=0.85)
    due = Card.objects.get(user=user).due
    assert services.retention_set(user=user, value=0.85) == 0
    assert Card.objects.get(user=user).due == due
    assert LearnerSettings.objects.count() == 1


@pytest.mark.parametrize("value", [0.5, 0.79, 0.98, 1.0])
def test_a_retention_out_of_range_is_refused(user, value):
    with pytest.raises(ValueError):
        services.retention_set(user=user, value=value)
    assert not LearnerSettings.objects.exists()


def test_a_user_who_never_chose_has_the_default(user):
    assert LearnerSettings.objects.retention_of(user) == RETENTION_DEFAULT

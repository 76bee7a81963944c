"""The bank list, for a signed-in reader: each question's status for them, and a filter."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from practice.models import Card
from questions.extensions import ListExtension

NEW, DUE, SCHEDULED, STARRED = "new", "due", "scheduled", "starred"
STATUS_CHOICES = [
    ("", _("Any status")),
    (NEW, _("New to me")),
    (DUE, _("Due for review")),
    (SCHEDULED, _("Scheduled later")),
    (STARRED, _("Starred")),
]


def status_field() -> forms.Field:
    return forms.ChoiceField(label=_("My status"), choices=STATUS_CHOICES, required=False)


def filter_by_status(questions, status: str, *, user, now):
    cards = Card.objects.filter(user=user, question=OuterRef("pk"))
    if status == NEW:
        return questions.exclude(Exists(cards.known()))
    if status == DUE:
        return questions.filter(Exists(cards.filter(due__lte=now)))
    if status == SCHEDULED:
        return questions.filter(Exists(cards.filter(due__gt=now)))
    if status == STARRED:
        return questions.filter(Exists(cards.filter(starred=True)))
    return questions


def annotate_status(questions, *, user, now) -> None:
    """Give each question `card` (the reader's, or None) and `status`; one query."""
    questions = list(questions)
    cards = {
        card.question_id: card
        for card in Card.objects.filter(user=user, question__in=[q.pk for q in questions])
    }
    for question in questions:
        card = cards.get(question.pk)
        question.card = card
        question.status = card_status(card, now)


def card_status(card: Card | None, now) -> str:
    if card is None or (card.first_seen_at is None and card.due is None):
        return NEW
    if card.due is None:
        return ""  # seen, never rated: neither new nor scheduled
    return DUE if card.due <= now else SCHEDULED


BANK_EXTENSION = ListExtension(
    name="status", field=status_field, filter=filter_by_status, annotate=annotate_status
)

"""The bank list, for a signed-in reader: each question's status for them, and a filter."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.prepared import Prepared
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


# The reader's cards for the questions of a page, compiled once.
_CARDS = Prepared(Card, lambda user_id, ids: Card.objects.filter(user=user_id, question__in=ids))


def annotate_status(questions, *, user, now) -> None:
    """Give each question `card` (the reader's, or None) and `status`; one query (none for
    no questions)."""
    questions = list(questions)
    # `id`, an attribute, where `pk` is a property: a call less a question.
    cards = {card.question_id: card for card in _CARDS.all(user.pk, [q.id for q in questions])}
    for question in questions:
        card = question.card = cards.get(question.id)
        question.status = NEW if card is None else card_status(card, now)


def card_status(card: Card | None, now) -> str:
    if card is None or (card.first_seen_at is None and card.due is None):
        return NEW
    if card.due is None:
        return ""  # seen, never rated: neither new nor scheduled
    return DUE if card.due <= now else SCHEDULED


def empty_message(status: str, *, user, now) -> str:
    """Nothing due: say so, and when the next review is, rather than suggest other words
    or topics (one query). If something is due that other filters hide, leave it to the
    list's own words."""
    if status != DUE:
        return ""
    soonest = (
        Card.objects.for_user(user)
        .scheduled()
        .filter(question__is_active=True)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if soonest is None:
        return _(
            "Nothing is due for review: rate an answer and its question comes back here "
            "when it is due."
        )
    if soonest <= now:
        return ""
    when = date_format(timezone.localtime(soonest), "Y-m-d H:i")
    return _("Nothing is due for review right now. The next review is on %(date)s.") % {
        "date": when
    }


def status_row_pieces(questions, request):
    """Each row's status and star (practice.bank_rows, which reads this module's names)."""
    from practice.bank_rows import status_pieces

    return status_pieces(questions, request)


BANK_EXTENSION = ListExtension(
    name="status",
    field=status_field,
    filter=filter_by_status,
    annotate=annotate_status,
    empty_message=empty_message,
    row_pieces=status_row_pieces,
)

"""Template helpers for pages that show one question to a signed-in reader."""

from django import template

from core.prepared import Prepared
from practice.models import Card

register = template.Library()


def _cards(user_id, question_id):
    return Card.objects.filter(user=user_id, question=question_id).order_by("pk")[:1]


# The reader's card, as `.first()` finds it (one per user and question), with the SQL
# compiled once per process (core.prepared).
_card = Prepared(Card, _cards)


@register.simple_tag(takes_context=True)
def card_for(context, question):
    """The signed-in reader's card for `question` (None if none, or signed out); one query."""
    user = context["request"].user
    if not user.is_authenticated:
        return None
    return _card.first(user.pk, question.pk)

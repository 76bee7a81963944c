"""Template helpers for pages that show one question to a signed-in reader."""

from django import template
from django.utils.safestring import mark_safe

from core.prepared import Prepared
from core.templatetags.core_tags import new_token
from practice.bank_rows import question_actions as actions_html
from practice.models import Card
from questions.rows import row_request

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


@register.simple_tag(takes_context=True)
def question_actions(context, question):
    """practice/_question_actions.html as it rendered, built in Python (practice.bank_rows):
    the reader's card read in one query, as `card_for` reads it."""
    card = card_for(context, question)
    return mark_safe(actions_html(question, card, row_request(context), token=new_token()))

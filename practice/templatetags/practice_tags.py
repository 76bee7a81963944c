"""Template helpers for pages that show one question to a signed-in reader."""

from django import template

from practice.models import Card

register = template.Library()


@register.simple_tag(takes_context=True)
def card_for(context, question):
    """The signed-in reader's card for `question` (None if none, or signed out); one query."""
    user = context["request"].user
    if not user.is_authenticated:
        return None
    return Card.objects.filter(user=user, question=question).first()

"""Template helpers every app may use."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def new_token() -> str:
    """A fresh one-time token for a form that must not act twice (see interview_start)."""
    return uuid.uuid4().hex

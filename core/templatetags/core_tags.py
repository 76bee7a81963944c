"""Template helpers every app may use."""

import uuid

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def new_token() -> str:
    """A fresh one-time token for a form that must not act twice (see interview_start)."""
    return uuid.uuid4().hex


@register.simple_tag
def site_name() -> str:
    """The site's name in the active language (settings.SITE_NAME), for the layout and mails."""
    return str(settings.SITE_NAME)

"""Markup of the answer form built in Python: the draft's status line, which autosave sends
on its own after every save (a template render per save costs more than the save)."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

register = template.Library()


def _saved_at(moment) -> SafeString:
    # `{% blocktranslate with time=moment|time:"H:i:s" %}`: the time in the current time
    # zone (digits and colons: nothing to escape); the translation itself is trusted text.
    shown = localtime(moment).strftime("%H:%M:%S")
    return mark_safe(gettext("Draft saved at %(time)s") % {"time": shown})


@register.simple_tag
def save_status(saved_at, kept, draft_saved_at="") -> SafeString:
    """The status line under the answer: what autosave just did (`saved_at`, `kept`), or
    else when the draft was last saved (`draft_saved_at`), or nothing."""
    if saved_at and kept:
        return _saved_at(saved_at)
    if saved_at:
        return mark_safe(gettext("A newer draft is already saved."))
    if draft_saved_at:
        return _saved_at(draft_saved_at)
    return mark_safe("")

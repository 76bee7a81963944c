"""Formatting for durations and ratings in interview pages."""

from django import template
from django.utils.translation import gettext, ngettext

from interview import extensions, selection
from interview.limits import NOTE_MAX_CHARS
from interview.services.interviews import CHOSEN, RETRY, SINGLE

register = template.Library()


@register.simple_tag
def note_max_chars() -> int:
    """The longest private note, for the note field's maxlength (the form checks the same)."""
    return NOTE_MAX_CHARS


@register.filter
def mmss(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss past an hour); empty for None."""
    if seconds is None or seconds == "":
        return ""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


@register.filter
def rating_stars(value) -> str:
    """A rating 1–4 as filled and empty dots, for compact tables."""
    if value is None:
        return ""
    value = round(float(value))
    return "●" * value + "○" * (4 - value)


@register.filter
def topic_names(interview, language) -> list[str]:
    """The interview's topics in the given UI language."""
    return interview.topic_names(language or "")


@register.filter
def get_item(mapping, key):
    """mapping[key], or None (templates cannot index a dict by a variable)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def interval_words(interval) -> str:
    """A scheduling interval in words: "1 day", "12 days", "3 months", "1 year"."""
    if interval is None:
        return ""
    return days_words(interval_days(interval))


def interval_days(interval) -> int:
    """An interval in whole days, at least one (what `interval_words` says)."""
    return max(1, round(interval.total_seconds() / 86400))


def days_words(days: int) -> str:
    """A number of days in words, rounded to months or years past a month."""
    if days < 31:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days < 365:
        months = round(days / 30.4)
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    years = round(days / 365)
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


@register.filter
def mode_label(key) -> str:
    """How an interview's questions were chosen, in words: a start-form mode's own label,
    or one of the ways a page starts an interview (retry, one question, a few chosen)."""
    mode = selection.get_mode(key or "")
    if mode is not None:
        return str(mode.label)
    labels = {
        RETRY: gettext("Retry of the questions rated 1–2"),
        SINGLE: gettext("One question"),
        CHOSEN: gettext("Chosen questions"),
    }
    return labels.get(key, key or "")


@register.simple_tag
def reveal_extra_templates() -> list[str]:
    """The templates other apps show under a revealed answer (see extensions)."""
    return extensions.reveal_extras()

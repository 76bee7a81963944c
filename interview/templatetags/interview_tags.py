"""Formatting for durations and ratings in interview pages."""

from django import template

register = template.Library()


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

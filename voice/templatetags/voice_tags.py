"""Formatting of recorded lengths for the voice templates."""

from django import template

register = template.Library()


@register.filter
def ms_mmss(milliseconds) -> str:
    """12_345 → "0:12" (minutes and seconds, rounded to the second)."""
    if milliseconds is None:
        return ""
    seconds = round(milliseconds / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def ms_seconds(milliseconds) -> str:
    """3_450 → "3.5" (seconds with one decimal)."""
    if milliseconds is None:
        return ""
    return f"{milliseconds / 1000:.1f}"


@register.filter
def with_recording(answers) -> list:
    """The answers that have a recording to play (annotated by voice.playback)."""
    return [answer for answer in answers if getattr(answer, "spoken", None)]

"""The reveal's repeated rows, built in Python: the rating buttons, the highlighted answer
and the key-point checklist.

Each was a template loop whose rows cost most of the submit's and the rating's rendering
(a dozen nodes and variable lookups a row). These build the same markup, whitespace
included: values escaped as `{{ }}` escapes them (`conditional_escape`), translated text
as `{% translate %}` leaves it (unescaped, from the catalogue of the active language).
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interview.models import Answer
from interview.templatetags.interview_tags import days_words, interval_days

register = template.Library()

_BUTTON = (
    "\n          \n"
    '          <button type="submit" name="rating" value="{}" class="rating-button rating-{}{}"\n'
    '                  data-rating-key="{}" aria-pressed="{}"><kbd>{}</kbd> {}{}</button>\n'
    "          \n        "
)


@register.simple_tag
def rating_buttons(answer) -> SafeString:
    """One button per rating 1–4: the one suggested by the key points marked, the one given
    pressed, each with how long that rating would put the question away."""
    feedback = getattr(answer, "key_point_feedback", None)
    suggested = getattr(feedback, "suggested_rating", None) if feedback else None
    intervals = getattr(answer, "rating_intervals", None) or {}
    days = tuple(
        interval_days(interval) if (interval := intervals.get(value)) else None
        for value in Answer.Rating.values
    )
    return _rating_buttons(get_language(), suggested, answer.rating, days)


@lru_cache(maxsize=4096)
def _rating_buttons(language: str, suggested, rating, days: tuple) -> SafeString:
    """The buttons as `rating_buttons` shows them, kept per language and everything they
    show: the intervals in whole days repeat often, and the 4,096 latest combinations take
    a few megabytes at most."""
    rows = []
    # As format_html would fill _BUTTON: each value escaped (the numbers need none).
    for (value, label), interval_days_ in zip(Answer.Rating.choices, days, strict=True):
        interval = (
            f'<span class="rating-interval"> · {conditional_escape(days_words(interval_days_))}'
            "</span>"
            if interval_days_
            else ""
        )
        rows.append(
            _BUTTON.format(
                value,
                value,
                " rating-suggested" if value == suggested else "",
                value,
                "true" if rating == value else "false",
                value,
                conditional_escape(label),
                interval,
            )
        )
    return mark_safe("".join(rows))


@receiver(setting_changed)
def forget_buttons(**kwargs) -> None:
    """Settings (the languages, their catalogues) shape the labels: start afresh."""
    _rating_buttons.cache_clear()


@register.simple_tag
def rating_choice(value) -> SafeString:
    """ "3 · Good": a rating with its label (nothing for a value that is not a rating)."""
    for choice, label in Answer.Rating.choices:
        if choice == value:
            return format_html("{} · {}", choice, label)
    return mark_safe("")


@register.simple_tag
def highlighted(segments) -> SafeString:
    """The answer's text, the stretches that show a key point marked (the first of each
    point with the id its checklist row links to). The text stays text: escaped."""
    parts = []
    for piece in segments:
        if not piece.points:
            parts.append(conditional_escape(piece.text))
        elif piece.anchor:
            parts.append(
                format_html(
                    '<mark class="kp-mark" id="{}" tabindex="-1">{}</mark>',
                    piece.anchor,
                    piece.text,
                )
            )
        else:
            parts.append(format_html('<mark class="kp-mark">{}</mark>', piece.text))
    return mark_safe("".join(parts))


_POINT = (
    '\n        <li class="keypoint {}">\n'
    '          <span class="keypoint-mark" aria-hidden="true">{}</span>\n'
    '          <span class="visually-hidden">{}</span>\n'
    "          {}\n"
    "          {}\n"
    "        </li>\n        "
)


@register.simple_tag
def keypoint_items(points) -> SafeString:
    """The checklist's rows: found or not (a found point links to its words), essential
    or not."""
    found_text, missing_text = mark_safe(gettext("Found:")), mark_safe(gettext("Not found:"))
    essential = format_html(
        '<span class="badge badge-essential">{}</span>', mark_safe(gettext("essential"))
    )
    rows = []
    for point in points:
        if point.found and point.anchor:
            label = format_html('<a href="#{}">{}</a>', point.anchor, point.label)
        else:
            label = conditional_escape(point.label)
        rows.append(
            format_html(
                _POINT,
                "keypoint-found" if point.found else "keypoint-missing",
                "✓" if point.found else "–",
                found_text if point.found else missing_text,
                label,
                essential if point.essential else "",
            )
        )
    return mark_safe("".join(rows))

"""The rows of the history list and of a question's attempts, built in Python.

Each was a template loop around `{% once %}`, whose first rendering of a row cost a few
hundred template nodes and lookups, and every later one still a dozen lookups for the key.
These build the same markup, whitespace included: values escaped as `{{ }}` escapes them
(`conditional_escape`), translated text as `{% translate %}` leaves it (unescaped), dates as
the `date` filter shows them in the active time zone. A row is kept per process for the
values it shows, as `{% once %}` kept it (interview/tests/test_history_markup.py renders
the old loops beside these).
"""

import threading
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from core.templatetags.per_request import reverse_numbers
from interview.models import Answer, Interview
from interview.templatetags.interview_tags import mmss, mode_label, rating_stars
from interview.templatetags.progress_rows import one_decimal

register = template.Library()

# Rows kept per kind of list: more than a few pages of every user's in both languages. A
# full store is emptied and filled again, as `{% once %}` does.
MAX_ROWS = 10_000
# A note longer than this is shown truncated but not kept (memory stays bounded).
MAX_KEY_CHARS = 100

_lock = threading.Lock()
_kept: dict[str, dict[tuple, str]] = {"interviews": {}, "attempts": {}}


@receiver(setting_changed)
def forget_rows(**kwargs) -> None:
    """Settings (languages, time zone) shape the rows: start afresh."""
    with _lock:
        for rows in _kept.values():
            rows.clear()
    _words.cache_clear()


@lru_cache(maxsize=16)
def _words(language: str) -> dict:
    """The rows' translated text in this language (the cells' labels, the states, the
    statuses and ratings), looked up once."""
    with translation.override(language):
        words = {
            text: gettext(text)
            for text in (
                "Date", "Practised", "Questions", "Average rating", "Total time", "State",
                "All topics", "Time used", "Rating", "Note", "+%(over)s over",
            )
        }  # fmt: skip
        words["separator"] = pgettext("list separator", ", ")
        words["state"] = {value: str(label) for value, label in Interview.State.choices}
        words["status"] = {value: str(label) for value, label in Answer.Status.choices}
        words["rating"] = {value: str(label) for value, label in Answer.Rating.choices}
        words["mode"] = {}
        return words


def _mode_label(words: dict, mode: str) -> str:
    """`mode|mode_label`, looked up once per language and mode."""
    labels = words["mode"]
    label = labels.get(mode)
    if label is None:
        label = labels[mode] = mode_label(mode)
    return label


def _keep(kind: str, key: tuple, html: str) -> None:
    with _lock:
        rows = _kept[kind]
        if len(rows) >= MAX_ROWS:
            rows.clear()
        rows[key] = html


def local_minute(moment) -> str:
    """`moment|date:"Y-m-d H:i"` in the active time zone."""
    moment = timezone.localtime(moment)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}"
    )


def _review_url(pk) -> str:
    return reverse_numbers("interview:review", [pk])


def _interview_row(interview, language: str) -> str:
    words = _words(language)
    if interview.single_title:
        topics = " · " + conditional_escape(interview.single_title)
    else:
        names = interview.topic_names(language)
        if names:
            shown = words["separator"].join(conditional_escape(name) for name in names)
        else:
            shown = words["All topics"]
        topics = f' <span class="muted">· {shown}</span>'
    average = interview.average_rating
    if average:
        rating = (
            f'<span class="stars" aria-hidden="true">{conditional_escape(rating_stars(average))}'
            f"</span> {one_decimal(language, average)}"
        )
    else:
        rating = "–"
    state = interview.state
    return (
        "\n    \n    <tr>\n"
        f'      <td data-label="{words["Date"]}" class="nowrap"><a href="'
        f'{conditional_escape(_review_url(interview.pk))}">{local_minute(interview.started_at)}</a></td>\n'
        f'      <td data-label="{words["Practised"]}" class="practised"><span><span '
        f'class="mode-label">{conditional_escape(_mode_label(words, interview.mode))}</span>'
        f"{topics}</span></td>\n"
        f'      <td data-label="{words["Questions"]}">{interview.answered_count} / '
        f"{interview.question_count}</td>\n"
        f'      <td data-label="{words["Average rating"]}">{rating}</td>\n'
        f'      <td data-label="{words["Total time"]}">{mmss(interview.total_seconds or 0)}</td>\n'
        f'      <td data-label="{words["State"]}"><span class="state state-'
        f'{conditional_escape(state)}">'
        f"{conditional_escape(words['state'].get(state, state))}</span></td>\n"
        "    </tr>\n    \n  "
    )


def _rows(kind: str, items, first: str, key_of, build) -> SafeString:
    """`first`, then each item's row: kept per process under `key_of(item, language, time
    zone)` (None: built each time, never kept), else built by `build(item, language)`."""
    language = get_language()
    zone = timezone.get_current_timezone()
    kept = _kept[kind]
    rows = [first]
    for item in items:
        key = key_of(item, language, zone)
        html = None if key is None else kept.get(key)
        if html is None:
            html = build(item, language)
            if key is not None:
                _keep(kind, key, html)
        rows.append(html)
    return mark_safe("".join(rows))


def _interview_key(interview, language: str, zone) -> tuple:
    return (
        language,
        zone,
        interview.pk,
        interview.mode,
        interview.started_at,
        interview.state,
        interview.answered_count,
        interview.question_count,
        interview.average_rating,
        interview.total_seconds,
        interview.single_title,
    )


@register.simple_tag
def interview_rows(interviews) -> SafeString:
    """The history table's rows (and the blank lines the template's tags before them
    left), one per interview of the page."""
    return _rows("interviews", interviews, "\n  \n  \n  ", _interview_key, _interview_row)


def _attempt_row(attempt, language: str) -> str:
    words = _words(language)
    used = mmss(attempt.seconds_used) if attempt.seconds_used is not None else "–"
    if attempt.over_time:
        over = words["+%(over)s over"] % {
            "over": conditional_escape(mmss(attempt.over_time_seconds))
        }
        used += f' <span class="badge badge-warn">{over}</span>'
    status = attempt.status
    if status != "submitted":
        shown = words["status"].get(status, status)
        used += f' <span class="badge">{conditional_escape(shown)}</span>'
    if rating := attempt.rating:
        rating = (
            f'<span class="rating-pill rating-{rating}">{rating} · '
            f"{conditional_escape(words['rating'].get(rating, rating))}</span>"
        )
    else:
        rating = "–"
    note = conditional_escape(truncatechars(attempt.note, 80))
    link = f"{_review_url(attempt.interview_id)}#answer-{attempt.position}"
    return (
        "\n      \n      <tr>\n"
        f'        <td data-label="{words["Date"]}" class="nowrap"><a href="'
        f'{conditional_escape(link)}">{local_minute(attempt.shown_at)}</a></td>\n'
        f'        <td data-label="{words["Time used"]}">{used}</td>\n'
        f'        <td data-label="{words["Rating"]}">{rating}</td>\n'
        f'        <td data-label="{words["Note"]}" class="note-cell">{note}</td>\n'
        "      </tr>\n      \n    "
    )


def _attempt_key(attempt, language: str, zone) -> tuple | None:
    note = attempt.note
    if len(note) > MAX_KEY_CHARS:
        return None
    return (
        language,
        zone,
        attempt.pk,
        attempt.interview_id,
        attempt.position,
        attempt.shown_at,
        attempt.status,
        attempt.seconds_used,
        attempt.over_time_seconds,
        attempt.rating,
        note,
    )


@register.simple_tag
def attempt_rows(attempts) -> SafeString:
    """The attempts table's rows (and the blank lines the template's tags before them
    left), one per attempt of the page."""
    return _rows("attempts", attempts, "\n    ", _attempt_key, _attempt_row)

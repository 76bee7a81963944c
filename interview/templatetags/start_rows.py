"""The start page's card of unfinished interviews, built in Python.

It was `interview/_unfinished.html` included with `start_page=True`: a few hundred template
nodes and lookups per row, on a page that is otherwise kept whole (`{% once start_key %}`).
This writes the same markup, whitespace included: dates as the `date` filter shows them in
the active time zone, translated text as `{% translate %}` leaves it, the page's one CSRF
token in each row's form (interview/tests/test_start_markup.py renders the old include
beside it). The home page's card (without `start_page`) still uses the include.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.templatetags.per_request import masked_token, reverse_numbers, url_setting
from interview.templatetags.history_rows import local_minute

register = template.Library()

HEADING_ID = "unfinished-heading"


@receiver(setting_changed)
def forget_words(**kwargs) -> None:
    """Languages and URLs shape the card's fixed text: start afresh."""
    _words.cache_clear()


@lru_cache(maxsize=16)
def _words(language: str, setting: tuple) -> dict[str, str]:
    """The card's fixed pieces in this language, looked up once."""
    history = conditional_escape(reverse_numbers("interview:history", [], setting))
    with translation.override(language):
        return {
            "head": (
                f'<section class="card unfinished" aria-labelledby="{HEADING_ID}">\n'
                f'    <h2 id="{HEADING_ID}">{gettext("Unfinished interviews")}</h2>\n    '
            ),
            "answered": gettext("%(done)s of %(total)s answered"),
            "resume": gettext("Resume"),
            "end": gettext("End"),
            "confirm": gettext(
                "End this interview now? Questions not reached yet will be recorded as not reached."
            ),
            "none": (
                '\n      <p class="muted">'
                + gettext("None. Everything you start is kept here until you finish it.")
                + "</p>\n    "
            ),
            "tail": (
                f'\n    <p><a href="{history}">'
                f"{gettext('All past interviews')} →</a></p>\n  </section>\n"
            ),
        }


def _row(interview, words: dict, csrf: str, setting: tuple) -> str:
    play = reverse_numbers("interview:play", [interview.pk], setting)
    end = reverse_numbers("interview:end", [interview.pk], setting)
    answered = words["answered"] % {
        "done": conditional_escape(interview.answered_count),
        "total": conditional_escape(interview.question_count),
    }
    return (
        '\n      <li class="unfinished-row">\n        <div>\n'
        f"          <strong>{local_minute(interview.started_at)}</strong>\n"
        f'          <span class="muted">{answered}</span>\n'
        "        </div>\n        \n"
        '        <div class="actions">\n'
        f'          <a class="button button-primary" href="{conditional_escape(play)}">'
        f"{words['resume']}</a>\n"
        f'          <form method="post" action="{conditional_escape(end)}">{csrf}\n'
        '            <button class="button button-quiet" type="submit" '
        f'data-confirm="{words["confirm"]}">{words["end"]}</button>\n'
        "          </form>\n        </div>\n        \n      </li>\n      "
    )


@register.simple_tag(takes_context=True)
def unfinished_card(context, interviews) -> SafeString:
    """`{% include "interview/_unfinished.html" with heading_id="unfinished-heading"
    start_page=True %}` for these interviews."""
    setting = url_setting(context)
    words = _words(get_language(), setting)
    if not interviews:
        return mark_safe(words["head"] + words["none"] + words["tail"])
    token = masked_token(context)
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    rows = "".join([_row(interview, words, csrf, setting) for interview in interviews])
    listed = f'\n    <ul class="plain-list">\n      {rows}\n    </ul>\n    '
    return mark_safe(words["head"] + listed + words["tail"])

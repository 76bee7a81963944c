"""What question.html draws after the reveal of a done answer, besides the rating form,
built in Python: the notice for text the device kept that never reached the server (with
"submit this instead" while the answer was taken by the timer and is not rated yet), the
opening of the rating dock, and "Next question" or "See the summary".

Drawn after every submit, inside the question page's `{% localize off %}`: numbers as
`str()`, values escaped as `{{ }}` escapes them, translated text as `{% translate %}` leaves
it. interview/tests/test_reveal_dock.py renders the template it replaced
(testsupport/templates_before/interview/_reveal_dock.html) beside it.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.templatetags.per_request import CsrfInputNode, reverse_numbers, url_setting
from interview.models import Answer

register = template.Library()

_CSRF = CsrfInputNode()
_AUTOMATIC = (Answer.Submission.TIMER, Answer.Submission.EXPIRED)


@lru_cache(maxsize=16)
def _texts(language: str) -> dict[str, str]:
    """The fixed text in the active language (`language` keys the cache). Each msgid is a
    literal of its own gettext() call, so that `make messages` finds it."""
    return {
        "kept": gettext(
            "This device kept text for this question that never reached the server "
            "(typed while offline)."
        ),
        "label": gettext("Text kept on this device"),
        "instead": gettext("Submit this instead (it counts as over time)"),
        "discard": gettext("Discard it"),
        "next": gettext("Next question"),
        "summary": gettext("See the summary"),
    }


@receiver(setting_changed)
def forget_texts(**kwargs) -> None:
    """Settings (the languages, their catalogues) shape the text: start afresh."""
    _texts.cache_clear()


@register.simple_tag(takes_context=True)
def unsent_notice(context) -> SafeString:
    """The notice for unsent text (hidden until the page's script finds some), then the
    opening of the dock: wide screens keep the rating, its confirmation and "Next" in one
    bar at the bottom of the screen (reveal.css); phones keep only "Next" there."""
    answer, interview = context["answer"], context["interview"]
    texts = _texts(get_language())
    pk = str(answer.pk)
    instead = ""
    if answer.rating is None and answer.submission in _AUTOMATIC:
        url = conditional_escape(
            reverse_numbers(
                "interview:submit", [interview.pk, answer.position], url_setting(context)
            )
        )
        instead = (
            "\n"
            f'        <form method="post" action="{url}"\n'
            f'              hx-post="{url}" hx-target="#question-panel" hx-swap="outerHTML">\n'
            f"          {_CSRF.render(context)}\n"
            '          <input type="hidden" name="action" value="submit">\n'
            '          <input type="hidden" name="revision"'
            f' value="{conditional_escape(answer.submitted_revision)}">\n'
            '          <input type="hidden" name="text" data-unsent-text>\n'
            f'          <button class="button" type="submit">{texts["instead"]}</button>\n'
            "        </form>\n"
            "        "
        )
    return mark_safe(
        "\n"
        '    <div class="message message-warning unsent" data-unsent hidden>\n'
        f"      <p>{texts['kept']}</p>\n"
        f'      <label class="visually-hidden" for="unsent-{pk}">{texts["label"]}</label>\n'
        f'      <textarea id="unsent-{pk}" rows="4" readonly></textarea>\n'
        '      <div class="actions">\n'
        f"        {instead}\n"
        '        <button class="button button-quiet" type="button" data-discard>'
        f"{texts['discard']}</button>\n"
        "      </div>\n"
        "    </div>\n"
        "    \n"
        '    <div class="rating-dock" data-sticky="bottom">\n'
        "    "
    )


@register.simple_tag(takes_context=True)
def next_actions(context) -> SafeString:
    """Where to go after an answer: the next question, or the summary. An answer not rated
    yet nudges once (static/js/interview/rating.js) before moving on. The next question is
    linked directly (answers are given in order), saving the round trip of a redirect; the
    question page itself sends anyone who is not on that question yet to where they are."""
    answer, interview = context["answer"], context["interview"]
    texts = _texts(get_language())
    setting = url_setting(context)
    unrated = " data-unrated" if answer.rating is None else ""
    if interview.is_open:
        if answer.position < interview.question_count:
            url = reverse_numbers(
                "interview:question", [interview.pk, answer.position + 1], setting
            )
        else:
            url = reverse_numbers("interview:play", [interview.pk], setting)
        label = texts["next"]
    else:
        url = reverse_numbers("interview:review", [interview.pk], setting)
        label = texts["summary"]
    return mark_safe(
        '\n    <p data-sticky="bottom" class="actions next-actions next-actions-sticky">'
        f'<a class="button button-primary" href="{conditional_escape(url)}"{unrated}>'
        f"{label} →</a></p>"
    )

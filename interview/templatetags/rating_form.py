"""The rating form of an answer (question.html#rating), built in Python.

Drawn after every submit (inside the reveal) and as the whole response of every rating, it
was a template of a dozen tags and conditions around per-answer ids and text. This builds
the same markup, whitespace included: values escaped as `{{ }}` escapes them, translated
text as `{% translate %}` and `{% blocktranslate %}` leave it, numbers as `{% localize off %}`
writes them; interview/tests/test_rating_markup.py renders the template beside it.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.templatetags.per_request import CsrfInputNode, reverse_numbers, url_setting
from interview.limits import NOTE_MAX_CHARS
from interview.models import Answer
from interview.templatetags.reveal import rating_buttons, rating_choice

register = template.Library()

_CSRF = CsrfInputNode()


@lru_cache(maxsize=16)
def _texts(language: str) -> dict[str, str]:
    """The form's fixed text in the active language (`language` keys the cache)."""
    # Each msgid a literal of its own gettext() call (not inside an f-string), so that
    # `make messages` finds it.
    question, keys = gettext("How did you do?"), gettext("keys 1–4")
    return {
        "legend": f'<legend>{question} <span class="hint kbd-hint">{keys}</span></legend>',
        "note": gettext("Private note"),
        "placeholder": gettext("What to remember next time (never shown to other users)"),
        "save_note": gettext("Save note"),
        "all_found": gettext(
            "You rated this “Missed it”, yet every key point was found in your answer. "
            "Perhaps you were hard on yourself; change the rating if so."
        ),
    }


@receiver(setting_changed)
def forget_texts(**kwargs) -> None:
    """Settings (the languages, their catalogues) shape the text: start afresh."""
    _texts.cache_clear()
    _saved.cache_clear()


@lru_cache(maxsize=64)
def _saved(language: str, rating) -> str:
    """ "Saved: 3 · Good" after a rating (`language` keys the cache)."""
    label = dict(Answer.Rating.choices).get(rating, rating)
    return gettext("Saved: %(label)s") % {"label": conditional_escape(str(label))}


def _suggestion(feedback) -> str:
    found, total = str(feedback.found), str(feedback.total)
    text = gettext("Suggested from the key points (%(found)s of %(total)s found):") % {
        "found": conditional_escape(found),
        "total": conditional_escape(total),
    }
    return f"{text} <strong>{rating_choice(feedback.suggested_rating)}</strong>"


def _remark(feedback, texts: dict) -> str:
    if feedback.remark == "missed-essential":
        points = ", ".join(conditional_escape(point) for point in feedback.essentials_missed)
        text = gettext(
            "You rated this “Nailed it”, but an essential point was not found in your "
            "answer: %(points)s. If you made it in other words, keep your rating; if not, "
            "you may want to lower it."
        ) % {"points": points}
        return f'\n      <p class="message message-info remark" role="note">{text}</p>\n      '
    if feedback.remark == "all-found":
        return (
            "\n      "
            f'<p class="message message-info remark" role="note">{texts["all_found"]}</p>\n'
            "      "
        )
    return ""


@register.simple_tag(takes_context=True)
def rating_form(context) -> SafeString:
    """The rating form of `answer`, with `next` (where to go after a plain POST) and
    `saved` (a rating just saved) from the context."""
    answer = context["answer"]
    following = context.get("next")
    texts = _texts(get_language())
    pk = str(answer.pk)
    rate_url = conditional_escape(
        reverse_numbers(
            "interview:rate", [answer.interview_id, answer.position], url_setting(context)
        )
    )
    feedback = getattr(answer, "key_point_feedback", None)
    suggestion = (
        f'\n        <p class="suggestion" id="suggestion-{pk}">{_suggestion(feedback)}</p>\n'
        "        "
        if feedback and feedback.suggested_rating
        else ""
    )
    note = texts["note"]
    save_note = (
        f'<button type="submit" name="rating" value="{conditional_escape(answer.rating)}"'
        f' class="button">{texts["save_note"]}</button>'
        if answer.rating
        else ""
    )
    saved = _saved(get_language(), answer.rating) if context.get("saved") else ""
    return mark_safe(
        "\n    "
        f'<form id="rating-{pk}" class="rating" method="post"\n'
        f'          action="{rate_url}"\n'
        f'          hx-post="{rate_url}"\n'
        '          hx-target="this" hx-swap="outerHTML">\n'
        f"      {_CSRF.render(context)}\n"
        "      "
        + (
            f'<input type="hidden" name="next" value="{conditional_escape(following)}">'
            if following
            else ""
        )
        + "\n      <fieldset>\n        "
        f"{texts['legend']}\n        {suggestion}\n"
        '        <div class="rating-buttons">\n'
        f"        {rating_buttons(answer)}\n"
        "        </div>\n"
        "      </fieldset>\n"
        f'      <details class="note"{" open" if answer.note else ""}>\n'
        f"        <summary>{note}</summary>\n"
        f'        <label class="visually-hidden" for="note-{pk}">{note}</label>\n'
        f'        <textarea id="note-{pk}" name="note" rows="3" maxlength="{NOTE_MAX_CHARS}"\n'
        f'                  placeholder="{texts["placeholder"]}">'
        f"{conditional_escape(answer.note)}</textarea>\n"
        f"        {save_note}\n"
        "      </details>\n"
        f"      {_remark(feedback, texts) if feedback else ''}\n"
        f'      <p class="save-status rating-status" role="status">{saved}</p>\n'
        "    </form>\n"
        "    "
    )

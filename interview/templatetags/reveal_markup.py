"""The reveal (question.html#reveal: the user's answer beside the model answer), built in
Python.

Drawn after every submit and once per answer on the summary, it was some forty tags and
variables around a handful of values. This builds the same markup, whitespace included:
values escaped and numbers written as `{{ }}` writes them in the context it is drawn in
(`render_value_in_context`: localized on the summary, not inside the question page's
`{% localize off %}`), translated text as `{% translate %}` and `{% blocktranslate %}`
leave it. What other apps show under the answer (the grader's verdicts, the recording) is
still their own template, included as `{% include %}` would. The context's `heading` (h2
unless told) and `attempts_link` are read as before. interview/tests/test_reveal_page.py
renders the template it replaced (testsupport/templates_before/interview/_reveal.html)
beside it.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interview import extensions
from interview.models import Answer
from interview.templatetags.interview_tags import mmss
from interview.templatetags.reveal import highlighted, keypoint_items

register = template.Library()

_AUTOMATIC = (Answer.Submission.TIMER, Answer.Submission.EXPIRED)


@lru_cache(maxsize=16)
def _texts(language: str) -> dict[str, str]:
    """The reveal's fixed text in the active language (`language` keys the cache). Each
    msgid is a literal of its own gettext() call, so that `make messages` finds it."""
    return {
        "skipped": gettext("Skipped"),
        "automatic": gettext("Submitted automatically when the time ran out"),
        "attempts": gettext("All my attempts at this question"),
        "yours": gettext("Your answer"),
        "nothing": gettext("Nothing was written."),
        "key_points": gettext("Key points"),
        "matching": gettext(
            "Found by matching the words of each point; said differently, a point may not "
            "be found. Your own rating is what counts."
        ),
        "model": gettext("Model answer"),
        "addition": gettext("Editor's addition — not part of the original source"),
    }


@receiver(setting_changed)
def forget_texts(**kwargs) -> None:
    """Settings (the languages, their catalogues) shape the text: start afresh."""
    _texts.cache_clear()


def _include(context, name: str, **values) -> str:
    """`{% include name with values %}`: another app's template, in this context."""
    included = context.template.engine.get_template(name)
    with context.push(**values):
        return included.render(context)


def _meta(answer: Answer, texts: dict, attempts_link) -> str:
    """The list above the two columns: time used or skipped, over time, submitted by the
    timer, and (on the summary) the link to every attempt."""
    if answer.skipped:
        used = f'\n    <li class="badge">{texts["skipped"]}</li>\n  '
    else:
        text = gettext("Time used %(used)s of %(limit)s") % {
            "used": conditional_escape(mmss(answer.seconds_used)),
            "limit": conditional_escape(mmss(answer.time_limit_seconds)),
        }
        used = f"\n    <li>{text}</li>\n  "
    over = ""
    if answer.over_time:
        text = gettext("Over time by %(over)s") % {
            "over": conditional_escape(mmss(answer.over_time_seconds))
        }
        over = f'<li class="badge badge-warn">{text}</li>'
    automatic = (
        f'<li class="badge">{texts["automatic"]}</li>' if answer.submission in _AUTOMATIC else ""
    )
    link = ""
    if attempts_link:
        url = conditional_escape(reverse("interview:attempts", args=[answer.question.slug]))
        link = f'<li><a href="{url}">{texts["attempts"]}</a></li>'
    return f'<ul class="reveal-meta">\n  {used}\n  {over}\n  {automatic}\n  {link}\n</ul>\n'


def _yours(context, answer: Answer, texts: dict, pk: str, heading: str) -> str:
    """The user's column: the answer (key points marked), the checklist, the grader's
    verdicts, and what other apps show under it."""
    feedback = getattr(answer, "key_point_feedback", None) or None
    if answer.submitted_text or answer.draft_text:
        if answer.skipped:
            shown = conditional_escape(answer.draft_text)
        elif feedback:
            shown = highlighted(feedback.segments)
        else:
            shown = conditional_escape(answer.submitted_text)
        written = f'\n      <div class="user-answer">{shown}</div>\n    '
    else:
        written = f'\n      <p class="muted">{texts["nothing"]}</p>\n    '
    checked = ""
    if feedback:
        counts = gettext("%(found)s of %(total)s found in your answer") % {
            "found": render_value_in_context(feedback.found, context),
            "total": render_value_in_context(feedback.total, context),
        }
        grading = getattr(answer, "grading_view", None)
        graded = _include(context, "feedback/_grading.html", grading=grading) if grading else ""
        checked = (
            "\n"
            f'    <div class="keypoints" role="group" aria-labelledby="kp-heading-{pk}">\n'
            f'      <p class="keypoints-heading" id="kp-heading-{pk}"><strong>'
            f'{texts["key_points"]}</strong> <span class="muted">{counts}</span></p>\n'
            '      <ul class="keypoint-list">\n'
            f"        {keypoint_items(feedback.points)}\n"
            "      </ul>\n"
            f'      <p class="helptext">{texts["matching"]}</p>\n'
            "    </div>\n"
            f"    {graded}\n"
            "    "
        )
    manage = context.get("attempts_link", "")
    extras = "".join(_include(context, name, manage=manage) for name in extensions.reveal_extras())
    return (
        f'  <section class="compare-col" aria-labelledby="yours-{pk}">\n'
        f'    <{heading} id="yours-{pk}">{texts["yours"]}</{heading}>\n'
        f"    \n    {written}\n    {checked}\n    \n    {extras}\n"
        "  </section>\n"
    )


def _model(context, answer: Answer, texts: dict, pk: str, heading: str) -> str:
    """The model answer as it was shown, with the editor's addition if there was one."""
    supplement = ""
    if answer.supplement_snapshot_md:
        supplement = (
            "\n"
            '      <aside class="supplement">\n'
            f'        <p class="supplement-label">{texts["addition"]}</p>\n'
            f"        {render_value_in_context(answer.supplement_html, context)}\n"
            "      </aside>\n"
            "      "
        )
    return (
        f'  <section class="compare-col" aria-labelledby="model-{pk}">\n'
        f'    <{heading} id="model-{pk}">{texts["model"]}</{heading}>\n'
        '    <div class="prose">\n'
        f"      {render_value_in_context(answer.model_answer_html, context)}\n"
        f"      {supplement}\n"
        "    </div>\n"
        "  </section>\n"
    )


@register.simple_tag(takes_context=True)
def answer_reveal(context) -> SafeString:
    """The reveal of the context's `answer`."""
    answer = context["answer"]
    # {% firstof heading "h2" as heading %}: escaped, and left in the context as it did.
    heading = conditional_escape(context.get("heading") or "h2")
    context["heading"] = heading
    texts = _texts(get_language())
    pk = render_value_in_context(answer.pk, context)
    return mark_safe(
        "\n"
        + _meta(answer, texts, context.get("attempts_link"))
        + '<div class="compare">\n'
        + _yours(context, answer, texts, pk, heading)
        + _model(context, answer, texts, pk, heading)
        + "</div>\n"
    )

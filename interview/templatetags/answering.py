"""Markup of the answer form built in Python: the draft's status line, which autosave sends
on its own after every save (a template render per save costs more than the save)."""

from django import template
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext

from core.context_tag import context_tag, shown
from core.templatetags.per_request import kept, reverse_numbers, url_setting

register = template.Library()


def _saved_at(moment) -> SafeString:
    # `{% blocktranslate with time=moment|time:"H:i:s" %}`: the time in the current time
    # zone (digits and colons: nothing to escape); the translation itself is trusted text.
    shown = localtime(moment).strftime("%H:%M:%S")
    return SafeString(gettext("Draft saved at %(time)s") % {"time": shown})


@register.simple_tag
def save_status(saved_at, kept, draft_saved_at="") -> SafeString:
    """The status line under the answer: what autosave just did (`saved_at`, `kept`), or
    else when the draft was last saved (`draft_saved_at`), or nothing."""
    if saved_at and kept:
        return _saved_at(saved_at)
    if saved_at:
        return SafeString(gettext("A newer draft is already saved."))
    if draft_saved_at:
        return _saved_at(draft_saved_at)
    return SafeString("")


@context_tag(register)
def draft_status(context) -> SafeString:
    """`{% save_status saved_at kept answer.draft_saved_at %}` for the question page, without
    a simple tag's argument handling (the page sets neither `saved_at` nor `kept`)."""
    return save_status(
        context.get("saved_at"),
        context.get("kept"),
        getattr(context.get("answer"), "draft_saved_at", ""),
    )


FORM_TARGETS = (
    'action="{submit}"\n        hx-post="{submit}"\n'
    '        hx-target="#question-panel" hx-swap="outerHTML"\n'
    '        data-autosave-url="{autosave}"\n        data-revision="{revision}"'
)


@context_tag(register, sets=("autosave_url",))
def answer_form_targets(context) -> SafeString:
    """The answer form's attributes from `action` to `data-revision` for the context's
    `interview` and `answer` (its URLs are numbers and slashes, the revision a number);
    sets `autosave_url` for the text box and the button that saves without JavaScript."""
    answer = context["answer"]
    where = [context["interview"].pk, answer.position]
    setting = url_setting(context)
    autosave = context["autosave_url"] = reverse_numbers("interview:autosave", where, setting)
    submit = reverse_numbers("interview:submit", where, setting)
    return SafeString(
        FORM_TARGETS.format(
            submit=conditional_escape(submit),
            autosave=conditional_escape(autosave),
            revision=int(answer.draft_revision),
        )
    )


@context_tag(register)
def answer_title(context) -> str:
    """`{{ answer.title_snapshot }}`, without the template's variable lookup."""
    return shown(getattr(context.get("answer"), "title_snapshot", ""), context)


@context_tag(register)
def draft_key(context) -> str:
    """`{{ interview.pk }}-{{ answer.position }}`: which draft the panel's text is."""
    interview, answer = context.get("interview"), context.get("answer")
    return (
        shown(getattr(interview, "pk", ""), context)
        + "-"
        + shown(getattr(answer, "position", ""), context)
    )


@context_tag(register)
def focus_mode(context) -> str:
    """`{% if answer.status == "active" %}focus-mode{% endif %}`: the page's class while the
    answer is on the clock."""
    return "focus-mode" if getattr(context.get("answer"), "status", None) == "active" else ""


@context_tag(register)
def interview_script(context) -> SafeString:
    """`<script type="module" src="{% static 'js/interview/main.js' %}"></script>`, its URL
    looked up once per process."""
    return kept("interview_script", _interview_script)


def _interview_script() -> SafeString:
    src = conditional_escape(static("js/interview/main.js"))
    return SafeString(f'<script type="module" src="{src}"></script>')

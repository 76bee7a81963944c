"""The start form's "Answer by" choice (type, speak, or both), registered in ready()."""

from django import forms
from django.utils.translation import gettext_lazy as _

from interview.extensions import StartOption
from voice.models import AnswerMode
from voice.modes import default_mode
from voice.preferences import interview_mode_choose


def answer_mode_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Answer by"),
        choices=AnswerMode.choices,
        # A form without it (a page opened before) starts with the user's default.
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Your choice is remembered for the next interview."),
    )


def chosen(interview, value, *, user, now) -> None:
    interview_mode_choose(interview=interview, mode=value or "", user=user)


ANSWER_MODE_OPTION = StartOption(
    name="answer_mode",
    field=answer_mode_field,
    initial=lambda user: default_mode(user),
    template="voice/_answer_mode.html",
    created=chosen,
)

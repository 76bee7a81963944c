"""Forms of the basket's buttons: which question, which way to move it, a basket's name,
and how long each question of an interview started from it may take."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banks.limits import BASKET_NAME_MAX_CHARS
from core.forms import LocalPathField
from interview.forms import OnceForm, minute_choices
from questions.models import Question

UP, DOWN = "up", "down"


class QuestionForm(forms.Form):
    """One question of the bank (by slug), and the page to go back to."""

    question = forms.ModelChoiceField(
        queryset=Question.objects.active(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose a question."),
            "invalid_choice": _("That question is no longer in the bank."),
        },
    )
    next = LocalPathField()


class RemoveForm(QuestionForm):
    """Removing also works for a question retired from the bank since it was added."""

    question = forms.ModelChoiceField(
        queryset=Question.objects.all(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose a question."),
            "invalid_choice": _("That question is not in your basket."),
        },
    )


class MoveForm(RemoveForm):
    direction = forms.ChoiceField(choices=[(UP, UP), (DOWN, DOWN)])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == UP else 1


class NameForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=BASKET_NAME_MAX_CHARS,
        error_messages={"required": _("Give the basket a name.")},
    )


class StartForm(OnceForm):
    minutes = forms.TypedChoiceField(
        label=_("Time per question"),
        choices=minute_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )


class PaperForm(forms.Form):
    """Whether a download includes the model answers (`?answers=1`)."""

    answers = forms.BooleanField(required=False)

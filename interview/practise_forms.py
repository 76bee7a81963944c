"""Forms of the buttons that start an interview from another page: practise one question
(or a few), and come back to that page afterwards."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LocalPathField
from interview.forms import OnceForm
from interview.limits import MAX_QUESTION_COUNT
from questions.models import Question


class OnceReturnForm(OnceForm):
    """A button that starts an interview from some page, which its summary leads back to."""

    next = LocalPathField()


class PractiseForm(OnceReturnForm):
    """Practise the questions named (by slug, in the order sent): one or a few at once."""

    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.active(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose a question to practise."),
            "invalid_choice": _("That question is no longer in the bank."),
            "invalid_pk_value": _("That question is no longer in the bank."),
            "invalid_list": _("Choose a question to practise."),
        },
    )

    def clean_questions(self):
        questions = {question.slug: question for question in self.cleaned_data["questions"]}
        ordered = list(
            {
                slug: questions[slug]
                for slug in self.data.getlist("questions")
                if slug in questions
            }.values()
        )
        if len(ordered) > MAX_QUESTION_COUNT:
            raise forms.ValidationError(
                _("An interview has at most %(max)d questions.") % {"max": MAX_QUESTION_COUNT}
            )
        return ordered

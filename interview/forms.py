"""Choosing what to practise."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from interview import services
from questions.models import Tag


def minute_choices():
    """Built when the form is rendered, so the labels are in the request's language."""
    return [("", _("Each question's suggested time"))] + [
        (str(minutes), ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
        for minutes in range(1, services.MAX_MINUTES + 1)
    ]


class StartForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to draw from every topic."),
    )
    question_count = forms.IntegerField(
        label=_("Number of questions"),
        min_value=1,
        max_value=200,
        initial=services.DEFAULT_QUESTION_COUNT,
    )
    minutes = forms.TypedChoiceField(
        label=_("Time per question"),
        choices=minute_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    prefer_unseen = forms.BooleanField(
        label=_("Prefer questions I have not seen yet"), required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        topics = cleaned.get("topics") or []
        count = cleaned.get("question_count")
        available = services.questions_available(topics)
        if available == 0:
            self.add_error("topics", _("No active questions have these topics. Pick others."))
        elif count and count > available:
            self.add_error(
                "question_count",
                ngettext(
                    "Only %(n)d question matches these topics.",
                    "Only %(n)d questions match these topics.",
                    available,
                )
                % {"n": available},
            )
        return cleaned

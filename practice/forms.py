"""Forms of the practice pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class StarForm(forms.Form):
    """Star ("1") or unstar ("0") a question; nothing else is understood."""

    starred = forms.ChoiceField(
        choices=[("1", "1"), ("0", "0")],
        error_messages={
            "required": _("Say whether to star or unstar the question."),
            "invalid_choice": _("Say whether to star or unstar the question."),
        },
    )

"""Forms for every answer's POST (autosave, submit, rate) and the one-time token of a button
that starts an interview; the start form is in interview/start_forms.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FlagField, LocalPathField, TypedTextField, ValidatingForm
from core.text import typed_length
from interview.limits import MAX_REVISION, NOTE_MAX_CHARS, REVISION_FUTURE_MS
from interview.models import Answer

# The start form has a module of its own; other modules still import these from here.
from interview.start_forms import StartForm, TokenField, minute_choices  # noqa: F401


class OnceForm(forms.Form):
    """A button that starts an interview: its token, so a double click starts one."""

    token = TokenField()


class RevisionField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_value=MAX_REVISION,
            error_messages={
                "invalid": _("The page sent a draft revision that is not a number; reload it."),
                "min_value": _("The page sent a draft revision out of range; reload it."),
                "max_value": _("The page sent a draft revision out of range; reload it."),
            },
            **kwargs,
        )


class RevisionForm(ValidatingForm):
    """A form carrying a draft revision, which may not lie far in the future."""

    revision = RevisionField()

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_revision(self):
        revision = self.cleaned_data["revision"]
        if revision is not None and revision > self.now.timestamp() * 1000 + REVISION_FUTURE_MS:
            raise forms.ValidationError(
                _("The page sent a draft revision out of range; reload it."), code="max_value"
            )
        return revision


class AutosaveForm(RevisionForm):
    """A draft: its text (which must be sent, though it may be empty) and revision."""

    text = TypedTextField()
    beacon = FlagField()

    def clean(self):
        cleaned = super().clean()
        if "text" not in self.data:
            raise forms.ValidationError(_("No text was sent; nothing was saved."))
        return cleaned


class SubmitForm(RevisionForm):
    """Submit, skip or end, from the answer form (every button of which names its action);
    without `text` the saved draft is used."""

    ACTIONS = ("submit", "skip", "end")

    text = TypedTextField()
    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        error_messages={
            "invalid_choice": _("Unknown action."),
            "required": _("Unknown action."),
        },
    )
    by_timer = FlagField()

    def clean(self):
        cleaned = super().clean()
        if "text" not in self.data:
            cleaned["text"] = None
        return cleaned


class RateForm(ValidatingForm):
    """A self-rating 1–4, with the private note if the page sent one."""

    rating = forms.TypedChoiceField(
        choices=Answer.Rating.choices,
        coerce=int,
        error_messages={
            "required": _("Choose a rating from 1 to 4."),
            "invalid_choice": _("Choose a rating from 1 to 4."),
        },
    )
    note = TypedTextField()
    next = LocalPathField()

    def clean_note(self):
        if "note" not in self.data:
            return None
        note = self.cleaned_data["note"]
        if typed_length(note) > NOTE_MAX_CHARS:
            raise forms.ValidationError(
                _("The note is limited to %(limit)d characters.") % {"limit": NOTE_MAX_CHARS}
            )
        return note


def first_error(form: forms.Form) -> str:
    """The form's first error message, to show in the page's flash area."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return str(_("The request was not understood."))

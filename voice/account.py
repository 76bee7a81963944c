"""Voice's section of the account page: the default way of answering, and where recordings
and transcripts go (registered in ready)."""

from django import forms
from django.utils.translation import gettext as _

from accounts.sections import AccountSection
from voice.modes import default_mode
from voice.preferences import preference_set
from voice.start_option import answer_mode_field
from voice.transcription import transcriber_description


class AnswerModeForm(forms.Form):
    answer_mode = answer_mode_field()

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["answer_mode"].required = True
        self.fields["answer_mode"].help_text = _(
            "How new interviews start; the start page lets you choose each time."
        )
        if not self.is_bound:
            self.fields["answer_mode"].initial = default_mode(user)

    def transcripts(self) -> str:
        """Where transcripts are made, for the line under the choice ("" when nowhere)."""
        return transcriber_description()


def save_answer_mode(form: AnswerModeForm, *, user) -> str:
    preference_set(user=user, mode=form.cleaned_data["answer_mode"])
    return _("Saved: new interviews start with “%(mode)s”.") % {
        "mode": dict(form.fields["answer_mode"].choices)[form.cleaned_data["answer_mode"]]
    }


ANSWER_MODE_SECTION = AccountSection(
    key="voice",
    template="voice/_account.html",
    form=AnswerModeForm,
    save=save_answer_mode,
)

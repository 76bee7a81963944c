"""What the recorder's requests carry, validated before any service sees it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LocalPathField
from voice import limits
from voice.services import Figures

# A sequence, a duration: whatever fits the database's integer column.
MAX_INTEGER = 2**31 - 1


class ChunkForm(forms.Form):
    part = forms.RegexField(limits.PART_KEY_PATTERN, max_length=limits.PART_KEY_MAX_CHARS)
    sequence = forms.IntegerField(min_value=0, max_value=MAX_INTEGER)
    mime = forms.CharField(max_length=limits.MIME_MAX_CHARS)
    chunk = forms.FileField(allow_empty_file=False)


def _milliseconds(required=True):
    return forms.IntegerField(min_value=0, max_value=limits.MAX_FIGURE_MS, required=required)


class FinishForm(forms.Form):
    """A part's own duration, and the figures of the whole recording so far (all or none)."""

    part = forms.RegexField(limits.PART_KEY_PATTERN, max_length=limits.PART_KEY_MAX_CHARS)
    duration_ms = _milliseconds()
    total_ms = _milliseconds(required=False)
    speaking_ms = _milliseconds(required=False)
    silence_share = forms.FloatField(min_value=0, max_value=1, required=False)
    long_pauses = forms.IntegerField(min_value=0, max_value=limits.MAX_PAUSES, required=False)
    longest_pause_ms = _milliseconds(required=False)

    FIGURES = ("total_ms", "speaking_ms", "silence_share", "long_pauses", "longest_pause_ms")

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) is not None for name in self.FIGURES]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Send all of the figures, or none."))
        return cleaned

    def figures(self) -> Figures | None:
        if self.cleaned_data.get("total_ms") is None:
            return None
        return Figures(**{name: self.cleaned_data[name] for name in self.FIGURES})


class DeleteForm(forms.Form):
    next = LocalPathField()


def first_error(form) -> str:
    """One sentence for the page: the first thing wrong with the request."""
    for field, errors in form.errors.items():
        label = "" if field == "__all__" else f"{field}: "
        return f"{label}{errors[0]}"
    return str(_("The request could not be read."))

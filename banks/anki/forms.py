"""Forms of the Anki pages: the upload, the field mapping of the preview, the topic."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from banks.anki import limits
from banks.anki.notes import Mapping
from questions.models import Tag


class UploadForm(forms.Form):
    package = forms.FileField(
        label=_("Anki package (.apkg)"),
        help_text=_("Exported from Anki: File → Export → Anki Deck Package."),
    )

    def clean_package(self) -> bytes:
        """The file's bytes, refused over the limit before any is read."""
        upload = self.cleaned_data["package"]
        if upload.size > limits.MAX_PACKAGE_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; an Anki package may be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limits.MAX_PACKAGE_BYTES),
                }
            )
        return upload.read()


class MappingForm(forms.Form):
    """For each note type with more than two fields: which is the title, which the answer."""

    def __init__(self, *args, notetypes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.notetypes = list(notetypes)
        for notetype in self.notetypes:
            choices = [(str(n), name) for n, name in enumerate(notetype.fields)]
            self.fields[f"title_{notetype.id}"] = forms.TypedChoiceField(
                label=_("Question from"), choices=choices, coerce=int, initial="0"
            )
            self.fields[f"answer_{notetype.id}"] = forms.TypedChoiceField(
                label=_("Model answer from"), choices=choices, coerce=int, initial="1"
            )

    def clean(self):
        data = super().clean()
        for notetype in self.notetypes:
            title, answer = data.get(f"title_{notetype.id}"), data.get(f"answer_{notetype.id}")
            if title is not None and title == answer:
                self.add_error(
                    f"answer_{notetype.id}",
                    _("The question and the model answer must come from different fields."),
                )
        return data

    def rows(self):
        """(note type, its title field, its answer field) for the template."""
        return [
            (notetype, self[f"title_{notetype.id}"], self[f"answer_{notetype.id}"])
            for notetype in self.notetypes
        ]

    def mappings(self) -> dict[int, Mapping]:
        """The chosen mappings; the default (first field, second field) where none is valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            notetype.id: Mapping(
                title=self.cleaned_data[f"title_{notetype.id}"],
                answer=self.cleaned_data[f"answer_{notetype.id}"],
            )
            for notetype in self.notetypes
        }


class TopicForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Tag.objects.all(), to_field_name="slug", required=False)

"""The question bank's filter form; bad values become messages, not errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ValidatingForm
from questions.models import Difficulty, Tag


# The fields are shared by every instance, not deep-copied per request (ValidatingForm):
# the list renders them through questions.filter_html, which only reads them, and an
# add-on's field is added to the instance's own dict.
class QuestionFilterForm(ValidatingForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 注意力, LoRA")}),
    )
    tag = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", _("Any difficulty")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, extensions=(), user=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.extensions = list(extensions)
        self.user = user
        self.now = now
        for extension in self.extensions:
            self.fields[extension.name] = extension.field()

    def simple_filters(self) -> dict | None:
        """The topic's id and the difficulty chosen (each None if not), when nothing else
        narrows the list (no words, no extension's filter): what questions.pages reads
        prepared. None otherwise."""
        data = self.cleaned_data if self.is_bound else {}
        if (data.get("q") or "").strip():
            return None
        if any(data.get(extension.name) for extension in self.extensions):
            return None
        tag = data.get("tag")
        return {"topic": tag.pk if tag else None, "difficulty": data.get("difficulty") or None}

    def filter(self, questions):
        """Apply whichever filters are valid; invalid ones are reported by the form."""
        data = self.cleaned_data if self.is_bound else {}
        for extension in self.extensions:
            if value := data.get(extension.name):
                questions = extension.filter(questions, value, user=self.user, now=self.now)
        if tag := data.get("tag"):
            questions = questions.tagged(tag.slug)
        if difficulty := data.get("difficulty"):
            questions = questions.filter(difficulty=difficulty)
        if text := (data.get("q") or "").strip():
            questions = questions.search(text)
        return questions

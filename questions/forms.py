"""The question bank's filter form; bad values become messages, not errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ValidatingForm
from core.prepared import Prepared
from questions.models import Difficulty, Tag, normalize_for_search

# Every topic (its id, slug and names), compiled once: what the topic field checks a slug
# against and the list's select offers (questions.filter_html), one query for both.
_TOPICS = Prepared(Tag, lambda: Tag.objects.all().values_list("pk", "slug", "name_zh", "name_en"))


def read_topics() -> tuple[tuple, ...]:
    """Every topic as (id, slug, Chinese name, English name): one query."""
    return tuple(_TOPICS.all())


class _TopicField(forms.ModelChoiceField):
    """A ModelChoiceField by slug whose slug is looked up by the form (clean_tag), among the
    topics it read, instead of by a query of the field's own."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        return str(value)


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
    tag = _TopicField(
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

    def __init__(self, *args, extensions=(), user=None, now=None, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.extensions = list(extensions)
        self.user = user
        self.now = now
        if topics is not None:  # read_topics()'s, kept by the caller
            self._topics = topics
        for extension in self.extensions:
            self.fields[extension.name] = extension.field()

    def topics(self) -> tuple[tuple, ...]:
        """Every topic as (id, slug, Chinese name, English name): read once per form, unless
        given."""
        try:
            return self._topics
        except AttributeError:
            self._topics = read_topics()
            return self._topics

    def clean_tag(self):
        """The topic of the slug sent, as ModelChoiceField finds it by its slug (its message
        when there is none)."""
        slug = self.cleaned_data.get("tag")
        if slug is None:
            return None
        for topic in self.topics():
            if topic[1] == slug:
                return Tag.from_db(None, ["id", "slug", "name_zh", "name_en"], topic)
        field = self.fields["tag"]
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
        )

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

    def search_filters(self, most_words: int) -> dict | None:
        """The words searched for (as the search folds them), the topic's id and the
        difficulty chosen, when words of at most `most_words` and those alone narrow the
        list (no extension's filter): what questions.pages reads prepared. None otherwise."""
        data = self.cleaned_data if self.is_bound else {}
        terms = normalize_for_search((data.get("q") or "").strip()).split()
        if not terms or len(terms) > most_words:
            return None
        if any(data.get(extension.name) for extension in self.extensions):
            return None
        tag = data.get("tag")
        return {
            "terms": terms,
            "topic": tag.pk if tag else None,
            "difficulty": data.get("difficulty") or None,
        }

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

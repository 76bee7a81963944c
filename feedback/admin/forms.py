"""Forms for editing key points in the admin: alias groups typed as text, checked by the
same rules as everywhere else (questions.keypoints.key_point_field_problems)."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from questions.keypoints import (
    LABEL_EN_MAX,
    LABEL_ZH_MAX,
    SYNONYM_MAX,
    SYNONYMS_MAX,
    clean_key_point,
    key_point_field_problems,
)
from questions.models import KeyPoint

# How many key points one question may have, in the admin's inline and in a check.
KEY_POINTS_MAX = 50
# Aliases on one line are separated by a vertical bar, ASCII or full-width (a Chinese
# keyboard types "｜"). Not a comma: aliases such as "K,V", "q、v" and "4, 64, 64" hold one.
ALIAS_SEPARATOR = re.compile(r"[|｜]")
ALIAS_HELP = _(
    "One term per line; an answer must mention every line. On each line, list the term's "
    "spellings separated by |, any one of which counts: KV cache | KV缓存 | 键值缓存"
)


def format_alias_groups(groups: list[list[str]]) -> str:
    """Alias groups as an editor types them: one group per line, aliases joined by " | "."""
    return "\n".join(" | ".join(group) for group in groups)


def parse_alias_groups(text: str) -> list[list[str]]:
    """The groups of typed text: blank lines are skipped, a line of bars alone is an empty
    group (which validation then refuses), and blank aliases between bars are dropped."""
    groups = []
    for line in text.splitlines():
        if line.strip():
            groups.append([alias.strip() for alias in ALIAS_SEPARATOR.split(line) if alias.strip()])
    return groups


SYNONYM_HELP = _(
    "Optional. One phrase per line that makes the point by itself in other words; type … "
    "where other words may come between its parts: 训练…高效"
)


class SynonymsField(forms.CharField):
    """An editor's phrases for a point, one per line; the value is the list of phrases."""

    widget = forms.Textarea(attrs={"rows": 2, "class": "alias-groups", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", KeyPoint._meta.get_field("synonyms").verbose_name)
        kwargs.setdefault("help_text", SYNONYM_HELP)
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def has_changed(self, initial, data):
        return self.to_python(initial or "") != self.to_python(data)

    def validate(self, value):
        super().validate(value)
        if len(value) > SYNONYMS_MAX:
            raise ValidationError(
                _("At most %(limit)d phrases.") % {"limit": SYNONYMS_MAX}, code="too_many"
            )
        for phrase in value:
            if len(phrase) > SYNONYM_MAX or "\x00" in phrase:
                raise ValidationError(
                    _("A phrase may have at most %(limit)d characters.") % {"limit": SYNONYM_MAX},
                    code="too_long",
                )


class AliasGroupsField(forms.CharField):
    """Alias groups edited as text; the value is the list of groups."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "alias-groups", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", KeyPoint._meta.get_field("aliases").verbose_name)
        kwargs.setdefault("help_text", ALIAS_HELP)
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return parse_alias_groups(super().to_python(value) or "")

    def prepare_value(self, value):
        return format_alias_groups(value) if isinstance(value, list) else value

    def has_changed(self, initial, data):
        # Compare groups, not text: the browser sends "\r\n" and nothing typed means [].
        return self.to_python(initial or "") != self.to_python(data)


# The form field that shows a problem with a key of the key-point data.
FIELD_OF_KEY = {"aliases": "alias_text", "": NON_FIELD_ERRORS}


class KeyPointFields(forms.Form):
    """A key point's fields, validated by key_point_field_problems as one point; each
    problem is shown beside the field it concerns."""

    label_zh = forms.CharField(
        label=KeyPoint._meta.get_field("label_zh").verbose_name,
        max_length=LABEL_ZH_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "key-point-label"}),
    )
    label_en = forms.CharField(
        label=KeyPoint._meta.get_field("label_en").verbose_name,
        max_length=LABEL_EN_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "key-point-label"}),
    )
    alias_text = AliasGroupsField()
    synonyms = SynonymsField()
    essential = forms.BooleanField(
        label=KeyPoint._meta.get_field("essential").verbose_name,
        help_text=KeyPoint._meta.get_field("essential").help_text,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if self.skips_validation():
            return cleaned
        point = {
            "label_zh": cleaned.get("label_zh", ""),
            "label_en": cleaned.get("label_en", ""),
            "essential": cleaned.get("essential", False),
            "aliases": cleaned.get("alias_text", []),
        }
        if problems := key_point_field_problems(point):
            raise ValidationError(
                {
                    FIELD_OF_KEY.get(key, key): list(dict.fromkeys(messages))
                    for key, messages in problems.items()
                }
            )
        cleaned["point"] = clean_key_point(point)
        if synonyms := cleaned.get("synonyms"):
            cleaned["point"]["synonyms"] = synonyms
        return cleaned

    def skips_validation(self) -> bool:
        return False


class KeyPointForm(KeyPointFields, forms.ModelForm):
    """One key point in the question admin's inline."""

    class Meta:
        model = KeyPoint
        fields = ["position", "label_zh", "label_en", "alias_text", "synonyms", "essential"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("alias_text", self.instance.aliases)

    def clean(self):
        cleaned = super().clean()
        if point := cleaned.get("point"):
            cleaned |= {"label_zh": point["label_zh"], "label_en": point["label_en"]}
            self.instance.aliases = point["aliases"]
        return cleaned


class KeyPointFormSet(BaseInlineFormSet):
    """New rows, and rows added in the page, start after the last point."""

    def next_position(self) -> int:
        positions = [point.position for point in self.get_queryset()]
        return max(positions, default=0) + 1

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            kwargs["initial"] = {"position": self.next_position(), **kwargs.get("initial", {})}
        return kwargs


# Where in the model answer a suggestion was found (feedback.engine.suggest.Suggestion.source).
SOURCE_LABELS = {
    "list": _("list item"),
    "bold": _("bold text"),
    "code": _("code"),
    "keyword": _("keyword"),
}


class SuggestionForm(KeyPointFields):
    """A proposed key point: validated and added only when ticked."""

    add = forms.BooleanField(label=_("add"), required=False)
    source = forms.ChoiceField(
        choices=SOURCE_LABELS.items(), required=False, widget=forms.HiddenInput
    )

    def skips_validation(self) -> bool:
        return not self.cleaned_data.get("add")

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self["source"].value(), "")


SuggestionFormSet = forms.formset_factory(
    SuggestionForm, extra=0, max_num=KEY_POINTS_MAX, absolute_max=KEY_POINTS_MAX
)


class CheckedRowForm(KeyPointFields):
    """One row of the key-point inline as typed (posted with the change form), for a check."""

    position = forms.IntegerField(required=False)
    DELETE = forms.BooleanField(required=False)

    def is_blank(self) -> bool:
        """Nothing typed: an extra row the editor left alone (or deleted)."""
        data = self.cleaned_data
        return data.get("DELETE") or not (
            data.get("label_zh", "").strip()
            or data.get("label_en", "").strip()
            or data.get("alias_text")
        )

    def skips_validation(self) -> bool:
        return self.is_blank()


class SampleAnswerForm(forms.Form):
    """The sample answer that key points are checked against."""

    keypoint_sample = forms.CharField(
        required=False, strip=False, max_length=settings.ANSWER_MAX_CHARS
    )
    # The model answer as typed in the same change form, which the points should show.
    answer_md = forms.CharField(required=False, strip=False)
    supplement_md = forms.CharField(required=False, strip=False)

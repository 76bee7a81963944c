"""choice_rows: the same <input> tags Django's radio and checkbox widgets render."""

import pytest
from django import forms

from core.choices import choice_rows, select_html

# Values and labels that need escaping, in the value attribute as much as in the label.
CHOICES = [("a", "A"), ("b", "B & co"), ("c", 'C "quoted"'), ('d"&<', "D")]


class GroupForm(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    needed = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    # Attributes of the widget's own: one to escape, one written bare, one left out.
    marked = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.RadioSelect(
            attrs={"data-note": 'say "hi" & <go>', "data-on": True, "x": False}
        ),
        required=False,
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "b", "needed": "a", "many": ["a", "c"]},
        {"one": "zzz", "many": ["zzz"]},  # errors on every field: aria-invalid
    ],
)
@pytest.mark.parametrize("name", ["one", "needed", "many", "marked"])
def test_rows_match_the_widgets(data, name):
    form = GroupForm(data, initial={"one": "c"})
    if data is not None:
        form.is_valid()
    expected = [str(widget.tag()) for widget in form[name]]
    rows = choice_rows(form[name])
    assert [str(row.tag) for row in rows] == expected
    assert [row.label for row in rows] == [label for _value, label in CHOICES]


def test_only_groups_are_accepted():
    class TextForm(forms.Form):
        text = forms.CharField()

    with pytest.raises(TypeError):
        choice_rows(TextForm()["text"])


class SelectForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), *CHOICES], required=False)
    needed = forms.TypedChoiceField(choices=CHOICES, coerce=str)
    grouped = forms.ChoiceField(
        choices=[("", "Any"), ("Group <1>", CHOICES[:2]), ("Other", CHOICES[2:])],
        required=False,
        widget=forms.Select(attrs={"class": "wide"}),
    )
    maybe = forms.NullBooleanField(required=False)


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "b", "needed": "c", "grouped": "a", "maybe": "true"}, {"plain": "zzz"}],
)
@pytest.mark.parametrize("name", ["plain", "needed", "grouped", "maybe"])
def test_select_matches_the_widget(data, name):
    form = SelectForm(data, initial={"plain": "c"})
    if data is not None:
        form.is_valid()
    assert str(select_html(form[name])) == str(form[name])

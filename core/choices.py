"""Radio buttons and checkboxes of a form field, ready for hand-written markup.

Django renders each choice of a `RadioSelect` or `CheckboxSelectMultiple` through a template
of its own (the input, its attributes, its label), which made most of the start page's time.
`choice_rows` builds the same `<input>` tags in Python: the same attributes in the same
order, escaped the same way, so a template that writes the label around `row.tag` sends the
HTML Django's widgets would.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ChoiceRow:
    value: str
    label: Any
    tag: SafeString  # the <input>, as the widget would render it
    instance: Any = None  # the model instance behind a model choice


def choice_rows(bound_field: forms.BoundField) -> list[ChoiceRow]:
    """A radio or checkbox group's choices, one row each, in the widget's order."""
    widget = bound_field.field.widget
    if not isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        raise TypeError(f"{bound_field.name}: not a radio or checkbox group")
    base = {"id": bound_field.auto_id} if bound_field.auto_id else {}
    base = bound_field.build_widget_attrs({**widget.attrs, **base})
    selected = set(widget.format_value(bound_field.value()))
    input_type = widget.input_type
    rows = []
    any_selected = False
    for index, (value, label) in enumerate(bound_field.field.choices):
        text = str(value)
        attrs = dict(base)
        # As ChoiceWidget.optgroups: a radio group checks its first match only.
        if text in selected and (widget.allow_multiple_selected or not any_selected):
            attrs.update(widget.checked_attribute)
            any_selected = True
        if "id" in attrs:
            attrs["id"] = widget.id_for_label(attrs["id"], index)
        attributes = format_html_join(
            "",
            "{}",
            (
                (format_html(' {}="{}"', name, item) if item is not True else f" {name}",)
                for name, item in attrs.items()
                if item is not False
            ),
        )
        tag = format_html(
            '<input type="{}" name="{}" value="{}"{}>',
            input_type,
            bound_field.html_name,
            text,
            attributes,
        )
        rows.append(ChoiceRow(text, label, tag, getattr(value, "instance", None)))
    return rows

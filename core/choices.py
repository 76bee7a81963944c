"""Radio buttons, checkboxes and selects of a form field, without a template per choice.

Django renders each choice of a `RadioSelect`, `CheckboxSelectMultiple` or `Select` through
a template of its own (the input or option, its attributes, its label), which made most of
the start page's time. `choice_rows` builds the same `<input>` tags in Python, and
`select_html` the same `<select>`: the same attributes in the same order, escaped the same
way, so the page sends the HTML Django's widgets would.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
    # What every choice's <input> starts with, escaped as format_html would.
    kind, name = conditional_escape(widget.input_type), conditional_escape(bound_field.html_name)
    opening = f' type="{kind}" name="{name}"'
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
        tag = mark_safe(f'<input{opening} value="{conditional_escape(text)}"{attributes(attrs)}>')
        rows.append(ChoiceRow(text, label, tag, getattr(value, "instance", None)))
    return rows


def select_html(bound_field: forms.BoundField) -> SafeString:
    """`{{ field }}` for a `Select`: what django/forms/widgets/select.html renders."""
    widget = bound_field.field.widget
    if type(widget) not in (forms.Select, forms.NullBooleanSelect):
        raise TypeError(f"{bound_field.name}: not a select")
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    parts = [format_html('<select name="{}"{}>', context["name"], attributes(context["attrs"]))]
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    attributes(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def attributes(attrs: dict) -> SafeString:
    """A widget's attributes as django/forms/widgets/attrs.html writes them (escaped as
    format_html would, without its calls: a page of choices writes hundreds)."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return mark_safe("".join(parts))

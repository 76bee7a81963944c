"""The bank list's filter fields, built in Python: what `{{ form.q }}` and the selects
rendered through Django's widget templates (an input, its attributes, an option each), the
same markup without a template or a per-option dict. The topics come from one prepared
query, as the field's own query gave them. A test renders both (questions/tests)."""

from html import escape

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.choices import attributes
from core.prepared import Prepared
from questions.models import Tag

# The topic field's own query (Tag.objects.all(), by slug), compiled once.
_TOPICS = Prepared(Tag, lambda: Tag.objects.all())
# The fields the list shows, in order, and the class of each one's box; a field that an
# extension adds (the reader's status) only when the form has it.
FIELDS = (("q", " field-search"), ("tag", ""), ("difficulty", ""))
OPTIONAL = "status"


def _widget_context(bound) -> dict:
    """What the widget's template would get (Widget.get_context): its name, value and
    attributes; without a select's options, which would read the topics' query again."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return {
        "name": bound.html_name,
        "value": widget.format_value(bound.value()),
        "attrs": widget.build_attrs(widget.attrs, attrs),
        "type": getattr(widget, "input_type", None),
    }


def input_html(bound) -> str:
    """`{{ field }}` for an `<input>` (django/forms/widgets/input.html)."""
    if type(bound.field.widget) not in (forms.TextInput, forms.NumberInput):
        raise TypeError(f"{bound.name}: not a text input")
    context = _widget_context(bound)
    value = context["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(context["type"])}" '
        f'name="{conditional_escape(context["name"])}"{shown}{attributes(context["attrs"])}>'
    )


def select_html(bound, choices) -> str:
    """`{{ field }}` for a `Select` of these (value, label) choices, none nested
    (django/forms/widgets/select.html with its options): the first option whose value
    matches the field's is selected."""
    if type(bound.field.widget) is not forms.Select:
        raise TypeError(f"{bound.name}: not a select")
    context = _widget_context(bound)
    chosen = context["value"]
    parts = [f'<select name="{conditional_escape(context["name"])}"{attributes(context["attrs"])}>']
    found = False
    for value, label in choices:
        text = "" if value is None else str(value)
        selected = not found and text in chosen
        found = found or selected
        parts.append(
            f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
            f"{conditional_escape(label)}</option>\n"
        )
    parts.append("\n</select>")
    return "".join(parts)


def topic_choices(field) -> list[tuple]:
    """The topic field's choices as its iterator gives them, from the prepared query."""
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    for tag in _TOPICS.all():
        choices.append((field.prepare_value(tag), field.label_from_instance(tag)))
    return choices


def _box(bound, extra: str, widget: str) -> str:
    return (
        f'<div class="field{extra}">\n'
        f'    <label for="{conditional_escape(bound.id_for_label)}">'
        f"{conditional_escape(bound.label)}</label>\n"
        f"    {widget}\n"
        "  </div>\n  "
    )


def filter_fields(form) -> SafeString:
    """The search box and the selects as the list's form showed them, from its first
    field's `<div>` to the submit button's."""
    parts = []
    for name, extra in FIELDS:
        bound = form[name]
        if name == "q":
            widget = input_html(bound)
        elif name == "tag":
            widget = select_html(bound, topic_choices(bound.field))
        else:
            widget = select_html(bound, bound.field.choices)
        parts.append(_box(bound, extra, widget))
    if OPTIONAL in form.fields:
        bound = form[OPTIONAL]
        parts.append("\n  " + _box(bound, "", select_html(bound, bound.field.choices)))
    parts.append("\n  ")
    return mark_safe("".join(parts))

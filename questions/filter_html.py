"""The bank list's filter fields, built in Python: what `{{ form.q }}` and the selects
rendered through Django's widget templates (an input, its attributes, an option each), the
same markup without a template or a per-option dict. The topics come from one prepared
query, as the field's own query gave them. A test renders both (questions/tests)."""

import threading

from django import forms
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.choices import attributes
from core.text import is_chinese
from questions.forms import QuestionFilterForm
from questions.rows import ESCAPES

# The fields the list shows, in order, and the class of each one's box; a field that an
# extension adds (the reader's status) only when the form has it.
FIELDS = (("q", " field-search"), ("tag", ""), ("difficulty", ""))
OPTIONAL = "status"
# The fields as built, per what they show (see filter_fields).
MAX_KEPT = 10_000
_kept: dict[tuple, SafeString] = {}
# The search box per language, with this where the text goes (letters and digits only:
# escaping leaves it as it is, and no label or attribute holds it).
_TEXT_MARK = "SearchTextMark7f3a"
_search_boxes: dict[str, str] = {}
_lock = threading.Lock()


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
        if hasattr(label, "__html__"):
            label = conditional_escape(label)
        else:
            label = str(label).translate(ESCAPES)
        parts.append(
            f'\n  <option value="{text.translate(ESCAPES)}"{" selected" if selected else ""}>'
            f"{label}</option>\n"
        )
    parts.append("\n</select>")
    return "".join(parts)


def topic_choices(field, topics) -> list[tuple]:
    """The topic field's choices as its iterator gives them (the slug, the name in the
    active language), from the prepared query's rows."""
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    chinese = is_chinese(get_language())
    choices += [(slug, name_zh if chinese else name_en) for slug, name_zh, name_en in topics]
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
    field's `<div>` to the submit button's. Kept per process for what they show: the
    language, the topics (read each time), the fields, the values sent and which were
    wrong. Only what a visitor cannot vary without end is kept: a search text is put into
    a search box kept per language (the other fields are kept without it), a value the
    form refused makes them all built each time (a visitor sending ever new text must not
    fill the store), and at most MAX_KEPT are kept."""
    # The form's topics (the field's own query, Tag.objects.all(), read once by the form):
    # each topic's slug (the field's to_field_name) and its names (Tag.name picks one).
    topics = tuple(topic[1:] for topic in form.topics())
    names = [name for name, _extra in FIELDS]
    if OPTIONAL in form.fields:
        names.append(OPTIONAL)
    sent = tuple(form.data.get(name) for name in names) if form.is_bound else None
    errors = form.errors
    if sent and errors:
        return _fields(form, names, topics)
    text = sent[0] if sent else None  # the search text ("q")
    if text:
        # The search box built from a kept one with the text put in; the rest is kept
        # without it (never under the text).
        names = names[1:]
        sent = sent[1:]
    key = (
        get_language(),
        topics,
        tuple(form.fields),
        bool(text),
        sent,
        tuple(name in errors for name in names),
    )
    try:
        html = _kept.get(key)
    except TypeError:  # a value that cannot be a key (not sent by a browser): build it
        html = _fields(form, names, topics)
    else:
        if html is None:
            html = _fields(form, names, topics)
            with _lock:
                if len(_kept) >= MAX_KEPT:
                    _kept.clear()
                _kept[key] = html
    if text:
        return mark_safe(search_box(text) + html)
    return html


def search_box(text: str) -> str:
    """The search field's box as _fields builds it for a form that sent `text` and has no
    errors: kept per language with a marker where the text goes."""
    language = get_language()
    box = _search_boxes.get(language)
    if box is None:
        form = QuestionFilterForm({"q": _TEXT_MARK})
        bound = form["q"]
        box = _search_boxes[language] = _box(bound, dict(FIELDS)["q"], input_html(bound))
    return box.replace(_TEXT_MARK, conditional_escape(text))


def _fields(form, names, topics) -> SafeString:
    parts = []
    for name in names:
        bound = form[name]
        if name == "q":
            widget = input_html(bound)
        elif name == "tag":
            widget = select_html(bound, topic_choices(bound.field, topics))
        else:
            widget = select_html(bound, bound.field.choices)
        if name == OPTIONAL:
            parts.append("\n  ")
        parts.append(_box(bound, dict(FIELDS).get(name, ""), widget))
    parts.append("\n  ")
    return mark_safe("".join(parts))


@receiver(setting_changed)
def forget_kept(**kwargs) -> None:
    """Settings shape the fields (languages, translations): build them afresh."""
    _kept.clear()
    _search_boxes.clear()

"""`{% question_rows %}`: the bank list's rows (questions.rows), between its `<ol>` tags."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from questions import filter_html, rows

register = template.Library()


@register.simple_tag(takes_context=True)
def question_rows(context) -> SafeString:
    """The page's questions, each with what the extensions and slots show in its row;
    reads `page`, `listing`, `row_extensions` and `question_slots` of the list's context."""
    return mark_safe(
        rows.question_rows(
            context,
            context["page"].object_list,
            listing=context["listing"],
            extensions=context["row_extensions"],
            slots=context["question_slots"],
        )
    )


@register.simple_tag
def filter_fields(form) -> SafeString:
    """The filter form's fields (questions.filter_html)."""
    return filter_html.filter_fields(form)

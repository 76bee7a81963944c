"""The basket's pieces on a question's own pages, built in Python (banks/rows.py)."""

from django import template
from django.utils.safestring import mark_safe

from banks.rows import page_toggle
from questions.rows import row_request

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_page_toggle(context, question, basket_count):
    """`{% include "banks/_page_toggle.html" with basket_count=... %}` for `question`."""
    return mark_safe(page_toggle(question, basket_count, row_request(context)))

"""The basket's "Add" button in each row of the bank list, built in Python: the markup of
banks/_row_toggle.html (banks/_toggle.html) without two templates a row (questions.rows says
how; a test renders both). Needs the questions annotated by banks.slots (`in_basket`)."""

from html import escape

from django.utils.translation import gettext

from questions.extensions import RowRequest
from questions.rows import ESCAPES, is_plain_slug, per_language, reversed_url

_FORM = (
    '<form class="basket-toggle" method="post" action="{url}"\n'
    '      hx-post="{url}" hx-target="this" hx-swap="outerHTML">\n'
    "  {csrf}\n"
    '  <input type="hidden" name="question" value="{slug}">\n'
    '  <input type="hidden" name="next" value="{next}">\n'
    "  {button}\n  \n</form>\n\n"
)
# The form before a row's slug, between it and the button, after the button.
_FORM_OPEN, _FORM_REST = _FORM.split("{slug}")
_FORM_MIDDLE, _FORM_CLOSE = _FORM_REST.split("{button}")
_BUTTON = (
    '\n  <button class="basket-button" type="submit" aria-pressed="{pressed}" title="{title}">'
    '<span aria-hidden="true">{mark}</span> <span class="basket-label">{label}</span>'
    '<span class="visually-hidden">: {{}}</span></button>\n  '
)


@per_language
def _buttons() -> tuple[str, str]:
    """The button of a question in the basket and of one not, in the active language."""
    taken = _BUTTON.format(
        pressed="true",
        title=escape(gettext("Take it out of the question basket")),
        mark="✓",
        label=escape(gettext("In basket")),
    )
    offered = _BUTTON.format(
        pressed="false",
        title=escape(gettext("Add it to the question basket, to practise or print with others")),
        mark="+",
        label=escape(gettext("Basket")),
    )
    return taken, offered


def toggle_pieces(questions, request: RowRequest) -> list[str]:
    """Each question's basket toggle, as banks/_row_toggle.html rendered it."""
    remove = reversed_url("banks:remove").translate(ESCAPES)
    add = reversed_url("banks:add").translate(ESCAPES)
    # Each form split around what changes a row (the slug, the title), worked out once for
    # a question in the basket and once for one not: no format() a row.
    forms = {}
    for in_basket, button in zip((True, False), _buttons(), strict=True):
        button_open, _title, button_close = button.rpartition("{}")
        forms[in_basket] = (
            _FORM_OPEN.format(url=remove if in_basket else add, csrf=request.csrf_input),
            _FORM_MIDDLE.format(next=request.next_url) + button_open,
            button_close + _FORM_CLOSE,
        )
    pieces = []
    for question in questions:
        opening, middle, closing = forms[question.in_basket]
        slug = question.slug
        if not is_plain_slug(slug):
            slug = slug.translate(ESCAPES)
        pieces.append(f"{opening}{slug}{middle}{question.title.translate(ESCAPES)}{closing}")
    return pieces


def page_toggle(question, basket_count: int, request: RowRequest) -> str:
    """The toggle and the badge beside it on one question's page, as banks/_page_toggle.html
    rendered them (its two includes, no `next` given: the page's own path)."""
    in_basket = question.in_basket
    taken, offered = _buttons()
    form = _FORM.format(
        url=escape(reversed_url("banks:remove" if in_basket else "banks:add")),
        csrf=request.csrf_input,
        slug=question.slug.translate(ESCAPES),
        next=request.next_url,
        button=(taken if in_basket else offered).format(question.title.translate(ESCAPES)),
    )
    return (
        f'<div class="basket-actions">{form[:-1]} <a id="basket-badge" class="basket-badge" '
        f'href="{escape(reversed_url("banks:basket"))}">{_badge_label()} '
        f'<span class="basket-count">{basket_count}</span></a>\n</div>\n'
    )


@per_language
def _badge_label() -> str:
    return escape(gettext("Question basket"))

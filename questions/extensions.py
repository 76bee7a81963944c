"""Where other apps add to the question bank's pages, without this app importing them.

An app that knows something about a signed-in reader and each question (its own status
for it, a star) registers a `ListExtension` in its AppConfig.ready. The bank list then
offers the extension's filter and lets it annotate the questions of the page it shows,
in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class ListExtension:
    """`field()` makes the filter's form field (named `name`); `filter(queryset, value,
    user=, now=)` applies a chosen value; `annotate(questions, user=, now=)` sets
    attributes on the page's questions; `empty_message(value, user=, now=)`, if given,
    says why a chosen value leaves the list empty (or returns "" to leave it to the list's
    own words)."""

    name: str
    field: Callable[[], forms.Field]
    filter: Callable
    annotate: Callable
    empty_message: Callable[..., str] | None = None
    # `row_pieces(questions, row_request)`: the HTML the extension shows in each row of the
    # bank list, one safe string per annotated question, in order (see RowRequest).
    row_pieces: Callable[..., list[str]] | None = None


_list_extensions: list[ListExtension] = []


def register_list_extension(extension: ListExtension) -> None:
    if all(existing.name != extension.name for existing in _list_extensions):
        _list_extensions.append(extension)


def list_extensions(user) -> list[ListExtension]:
    """The extensions that apply for this reader (signed-in readers only)."""
    return list(_list_extensions) if user.is_authenticated else []


@dataclass(frozen=True)
class RowRequest:
    """What the bank list's rows may show of the request, worked out once for all rows: the
    CSRF field (`{% csrf_token %}`, the page's one token) and the page's own path, escaped
    for an attribute (a form's `next`)."""

    csrf_input: str
    next_url: str


@dataclass(frozen=True)
class QuestionSlot:
    """Something an app shows beside questions for a signed-in reader (the basket's "Add"
    button): `row_template` in each row of the bank list, `page_template` on a question's
    page, `list_template` once above the list; each is an include-only template that gets
    `question` (rows, page) and what `annotate` returned. The list template shows nothing
    else: the bank list keeps it rendered per language and those values ({% once %}).
    `annotate(questions, user=)` sets attributes on the questions shown and returns a dict
    for the templates, in a fixed number of queries however many questions a page shows.
    `row_pieces(questions, row_request)`, if given, builds the rows' HTML in Python in place
    of `row_template` (one safe string per question, in order): the same markup without a
    template per row."""

    name: str
    annotate: Callable[..., dict]
    row_template: str = ""
    row_pieces: Callable[..., list[str]] | None = None
    page_template: str = ""
    list_template: str = ""


_question_slots: list[QuestionSlot] = []


def register_question_slot(slot: QuestionSlot) -> None:
    if all(existing.name != slot.name for existing in _question_slots):
        _question_slots.append(slot)


def question_slots(user, questions) -> tuple[list[QuestionSlot], dict]:
    """The slots that apply for this reader (signed-in readers only), and the context their
    templates need, after each annotated `questions`."""
    if not user.is_authenticated:
        return [], {}
    context: dict = {}
    for slot in _question_slots:
        context |= slot.annotate(questions, user=user) or {}
    return list(_question_slots), context


_list_links: list[str] = []


def register_list_link(template: str) -> None:
    """Show `template` (include-only, no queries of its own) above the bank list, the same
    for every reader (rendered once per language, `{% once %}`): e.g. banks' "Download as
    an Anki deck"."""
    if template not in _list_links:
        _list_links.append(template)


def list_links() -> tuple[str, ...]:
    return tuple(_list_links)


@dataclass(frozen=True)
class AdminImport:
    """Another way in beside "Import questions" on the admin's question list (banks'
    "Import an Anki deck"): a label and the URL name of its page."""

    label: str
    url_name: str


_admin_imports: list[AdminImport] = []


def register_admin_import(link: AdminImport) -> None:
    if link not in _admin_imports:
        _admin_imports.append(link)


def admin_imports() -> list[AdminImport]:
    return list(_admin_imports)

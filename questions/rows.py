"""The bank list's rows, built in Python: what the list template's loop rendered (the
number, the title, the related note, the topic chips, the difficulty and the minutes) and
what add-ons show in each row, without a template or a lookup per row.

The same markup as the templates it replaced, whitespace included (a test renders both):
values escaped as `{{ }}` escapes them (`html.escape` on the plain text a database row
holds), text from `{% translate %}` escaped too, text from `{% blocktranslate %}` left as
the catalogue has it; translations, URLs and labels worked out once per request.
"""

import re
import threading
from dataclasses import dataclass
from html import escape

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext, ngettext

from core.prepared import Prepared
from core.templatetags.per_request import masked_token
from core.text import is_chinese
from questions.extensions import RowRequest
from questions.models import Difficulty, Question

# What html.escape (and so `{{ }}`) replaces, as one table: `text.translate(ESCAPES)` is
# one call a value where escape() makes six (a page of rows escapes a hundred values).
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
# What a `<slug:...>` URL takes: such a slug goes into a reversed URL unchanged.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Such a slug is the same escaped for HTML: it holds none of the characters escaped.
is_plain_slug = _PLAIN_SLUG.fullmatch
_MARKER = "slug-marker-0"
# The rows' main pieces as built, per everything they show (see main_pieces).
MAX_KEPT = 10_000
_kept: dict[tuple, str] = {}
_lock = threading.Lock()

TaggedAs = Question.tags.through
RelatedTo = Question.related.through
_TAGS = Prepared(
    TaggedAs,
    lambda ids: (
        TaggedAs.objects.filter(question_id__in=ids)
        .order_by("tag__slug")
        .values_list("question_id", "tag__slug", "tag__name_zh", "tag__name_en")
    ),
)
_RELATED = Prepared(
    RelatedTo,
    lambda ids: (
        RelatedTo.objects.filter(from_question_id__in=ids, to_question__is_active=True)
        .order_by("to_question__number", "to_question__slug")
        .values_list(
            "from_question_id", "to_question__number", "to_question__slug", "to_question__title"
        )
    ),
)


_urls: dict[tuple, str] = {}
_words: dict[tuple, object] = {}


def reversed_url(name: str, *args) -> str:
    """`reverse(name, args=args)`, kept per URL configuration and script prefix."""
    key = (get_urlconf(), get_script_prefix(), name, args)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name, args=args)
    return url


def per_language(build):
    """`build()` (what some rows say: translated, escaped) kept per active language."""

    def kept():
        key = (build, get_language())
        words = _words.get(key)
        if words is None:
            words = _words[key] = build()
        return words

    return kept


@dataclass(frozen=True)
class SlugUrl:
    """A URL with one slug in it, reversed once (per request: the script prefix may change)
    and filled in per row; a slug `reverse` would quote goes through `reverse`."""

    name: str
    before: str
    after: str

    @classmethod
    def of(cls, name: str) -> "SlugUrl":
        before, _marker, after = reversed_url(name, _MARKER).partition(_MARKER)
        return cls(name, before, after)

    def __call__(self, slug: str) -> str:
        if _PLAIN_SLUG.fullmatch(slug):
            return f"{self.before}{slug}{self.after}"
        return reverse(self.name, args=[slug])

    def escaped(self) -> tuple[str, str]:
        """What goes before and after a slug, escaped for an attribute: for a slug
        `is_plain_slug` accepts, `f"{before}{slug}{after}"` is `self(slug)` escaped, with
        no call a row; any other goes through `self(slug).translate(ESCAPES)`."""
        return self.before.translate(ESCAPES), self.after.translate(ESCAPES)


@dataclass(frozen=True)
class Listing:
    """What the rows show of each question beyond its own columns: its topics as
    (slug, Chinese name, English name) and its active related questions as (number, slug,
    title), both in the order the templates listed them."""

    tags: dict[int, tuple[tuple, ...]]
    related: dict[int, tuple[tuple, ...]]


class _Words:
    """What every row's main piece says in the active language, worked out once a request
    (only when a row is not kept yet)."""

    def __init__(self, bank_url: str):
        self.chinese = is_chinese(get_language())
        self.related = escape(gettext("Related:"))
        self.number = gettext("Q%(number)s")
        self.chip = f'<li><a class="chip" href="{escape(bank_url)}?tag={{}}">{{}}</a></li>'
        self.difficulties = {value: escape(str(label)) for value, label in Difficulty.choices}

    def minutes(self, minutes: int) -> str:
        return ngettext("%(minutes)s min", "%(minutes)s min", minutes) % {"minutes": minutes}


def main_pieces(questions, listing: Listing, *, bank_url: str) -> list[str]:
    """Each question's title, related note and meta list, as the loop's `question-main`;
    kept per process under everything it shows (at most MAX_KEPT rows)."""
    language = get_language()
    detail = SlugUrl.of("questions:detail")
    words = None
    pieces = []
    for question in questions:
        tags = listing.tags.get(question.id, ())
        related = listing.related.get(question.id, ())
        key = (
            language,
            bank_url,
            detail.before,
            detail.after,
            question.id,
            question.number,
            question.slug,
            question.title,
            question.difficulty,
            question.answer_minutes,
            tags,
            related,
        )
        piece = _kept.get(key)
        if piece is None:
            words = words or _Words(bank_url)
            piece = _main_piece(question, tags, related, detail, words)
            with _lock:
                if len(_kept) >= MAX_KEPT:
                    _kept.clear()
                _kept[key] = piece
        pieces.append(piece)
    return pieces


def _main_piece(question, tags, related, detail: SlugUrl, words: _Words) -> str:
    if related:
        links = "".join(
            f' <a href="{detail(slug).translate(ESCAPES)}" title="{title.translate(ESCAPES)}">'
            f"{words.number % {'number': f'{number:02d}'}}</a>"
            for number, slug, title in related
        )
        note = f'<span class="related-note">{words.related}{links}</span>'
    else:
        note = ""
    chinese = words.chinese
    chips = "".join(
        words.chip.format(
            slug.translate(ESCAPES), (name_zh if chinese else name_en).translate(ESCAPES)
        )
        for slug, name_zh, name_en in tags
    )
    difficulty = question.difficulty
    display = words.difficulties.get(difficulty)
    if display is None:
        display = escape(str(question.get_difficulty_display()))
    return (
        '\n      <div class="question-main">\n'
        f'        <a class="question-title" href="{detail(question.slug).translate(ESCAPES)}">'
        f"{question.title.translate(ESCAPES)}</a>\n"
        f"        {note}\n"
        f'        <ul class="meta">\n  {chips}\n'
        f'  <li class="difficulty difficulty-{difficulty}">{display}</li>\n'
        f'  <li class="minutes">{words.minutes(question.answer_minutes)}</li>\n</ul>\n\n'
        "      </div>\n      "
    )


@receiver(setting_changed)
def forget_kept(**kwargs) -> None:
    """Settings shape the rows (languages, translations, URLs): build them afresh."""
    _kept.clear()
    _urls.clear()
    _words.clear()


def row_request(context) -> RowRequest:
    """The request's CSRF field and path, as the rows' forms show them: the page's one token
    (core.templatetags.per_request), so the rows and the layout send the same."""
    token = masked_token(context)
    if token and token != "NOTPROVIDED":
        csrf_input = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token.translate(ESCAPES)}">'
        )
    else:
        csrf_input = ""
    return RowRequest(csrf_input, context["request"].get_full_path().translate(ESCAPES))


def slot_pieces(slot, questions, context, request: RowRequest) -> list[str]:
    """A question slot's piece of each row: built by the slot itself when it can, else
    rendered from its row template as the list's loop did."""
    if slot.row_pieces is not None:
        return slot.row_pieces(questions, request)
    template = get_template(slot.row_template).template
    pieces = []
    for question in questions:
        with context.push(question=question):
            pieces.append(template.render(context))
    return pieces


def question_rows(context, questions, *, listing: Listing, extensions, slots) -> str:
    """Everything between the list's `<ol>` and `</ol>`."""
    questions = list(questions)
    main = main_pieces(questions, listing, bank_url=context["bank_url"])
    slots = [slot for slot in slots if slot.row_template]
    # Only rows with forms need the token: reading it for a visitor's rows would set a CSRF
    # cookie on a page that has no form.
    request = row_request(context) if extensions or slots else RowRequest("", "")
    extras = [extension.row_pieces(questions, request) for extension in extensions]
    columns = [slot_pieces(slot, questions, context, request) for slot in slots]
    rows = ["\n    \n    "]
    pieces = zip(*extras, strict=True) if extras else ((),) * len(questions)
    slotted = zip(*columns, strict=True) if columns else ((),) * len(questions)
    for question, main_piece, status, slot in zip(questions, main, pieces, slotted, strict=True):
        rows.append(
            f'\n    <li class="question-row">\n      <span class="qnum">{question.number:02d}'
            f"</span>\n      {main_piece}\n      {''.join(status)}\n      {''.join(slot)}\n"
            "    </li>\n    "
        )
    rows.append("\n  ")
    return "".join(rows)


def listing_for(ids: list[int]) -> Listing:
    """The topics and the active related questions of these questions: two queries (none
    for no questions), in the order the prefetches the list used gave."""
    tags: dict[int, list[tuple]] = {}
    related: dict[int, list[tuple]] = {}
    if not ids:
        return Listing(tags, related)
    for question_id, *tag in _TAGS.all(ids):
        tags.setdefault(question_id, []).append(tuple(tag))
    for question_id, *other in _RELATED.all(ids):
        related.setdefault(question_id, []).append(tuple(other))
    # Tuples: a row is kept under them (main_pieces).
    return Listing(
        {key: tuple(value) for key, value in tags.items()},
        {key: tuple(value) for key, value in related.items()},
    )

"""What the start page shows beside its form: the topic chips, the modes' rows, and the key
under which the page keeps the form it rendered (`{% once start_key %}` in start.html).

An unbound form (every GET of the page) shows only what this key names (the topics with
their counts, the other apps' options it starts with) and what its holes show: the CSRF
token and the form's one-time token, the modes' rows (how many questions each offers is
the user's own: written around their counts, see mode_grid), the estimate (kept under its
values) and the unfinished interviews. The page is kept per process for that key and sent
again with its holes filled in. A bound form (a start refused, shown again with its
errors) has no key and is rendered in full, as before.
"""

from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from core.choices import choice_rows
from core.text import is_chinese
from interview import extensions, selection
from questions.models import Question, Tag

# Every topic with its number of active questions, as the form's choices list them (by
# slug). Tag.objects.with_active_counts() joins every tag to its questions' rows to test
# is_active; counted from the ids of the active questions (read from the index on
# is_active) and the narrow question-tag table instead, it costs a third (SQLite, 1,000
# questions: 0.6 ms rather than 1.7; this was most of the page's time).
_TOPICS_SQL = """
SELECT t.{slug}, t.{name_zh}, t.{name_en}, COALESCE(c.active_count, 0)
FROM {tag} t
LEFT OUTER JOIN (
    SELECT qt.{tag_id} AS tag_id, COUNT(*) AS active_count
    FROM {question_tag} qt
    WHERE qt.{question_id} IN (SELECT q.{id} FROM {question} q WHERE q.{is_active})
    GROUP BY qt.{tag_id}
) c ON c.tag_id = t.{id}
ORDER BY t.{slug} ASC
"""


def _topics_sql(connection) -> str:
    """_TOPICS_SQL with the tables' and columns' names, quoted for this database."""
    through = Question.tags.through._meta
    names = {
        "tag": Tag._meta.db_table,
        "question": Question._meta.db_table,
        "question_tag": through.db_table,
        "tag_id": through.get_field("tag").column,
        "question_id": through.get_field("question").column,
        **{name: name for name in ("id", "slug", "name_zh", "name_en", "is_active")},
    }
    return _TOPICS_SQL.format(
        **{key: connection.ops.quote_name(name) for key, name in names.items()}
    )


# A topic's chip on the start page: its checkbox, its name, and its number of active
# questions, in words for screen readers and as a figure for the eye.
TOPIC_CHIP = (
    '<label class="topic-chip">{} <span>{}</span><span class="visually-hidden">({})</span> '
    '<span class="topic-count" aria-hidden="true">{}</span></label>'
)


def questions(count: int) -> SafeString:
    """The words for a number of questions ("3 questions"), as the template's
    {% blocktranslate count %} said them: the catalogue's own, which hold no markup."""
    return mark_safe(
        ngettext("%(counter)s question", "%(counter)s questions", count) % {"counter": count}
    )


def topic_rows(using: str = DEFAULT_DB_ALIAS) -> tuple[tuple, ...]:
    """(slug, Chinese name, English name, active questions) of every topic, by slug, as
    Tag.objects.with_active_counts() gives them; one query."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_topics_sql(connection))
        return tuple(cursor.fetchall())


def topic_chips(form, topics: tuple[tuple, ...] | None) -> list[SafeString]:
    """Each topic's chip (TOPIC_CHIP), in the form's order: from `topics` (topic_rows) for
    an unbound form, which ticks none; from the form's own choices for a bound one."""
    if topics is None or form.is_bound:
        chips = []
        for row in choice_rows(form["topics"]):
            count = row.instance.active_count
            chips.append(format_html(TOPIC_CHIP, row.tag, row.label, questions(count), count))
        return chips
    field = form["topics"]
    name, auto_id = field.html_name, field.auto_id
    chinese = is_chinese(get_language())
    chips = []
    for index, (slug, name_zh, name_en, count) in enumerate(topics):
        # What choice_rows writes for an unticked box of an unbound form.
        tag = format_html(
            '<input type="checkbox" name="{}" value="{}"{}>',
            name,
            slug,
            format_html(' id="{}_{}"', auto_id, index) if auto_id else "",
        )
        label = name_zh if chinese else name_en
        chips.append(format_html(TOPIC_CHIP, tag, label, questions(count), count))
    return chips


def token_input(form) -> SafeString:
    """The form's one-time token as the hidden input start.html wrote
    (`<input type="hidden" name="token" value="…" id="id_token">`, no value when empty)."""
    field = form["token"]
    value = field.value()
    return format_html(
        '<input type="hidden" name="token"{} id="{}">',
        format_html(' value="{}"', value) if value else "",
        field.auto_id,
    )


def mode_grid(form, counts: dict[str, int], *, initial_mode: str) -> SafeString:
    """The modes' rows (start.html's loop, now here): each mode's radio button with how
    many questions it offers now (in words) and what it does; under the mode that has a
    top-up, the top-up's checkbox. An unbound form's rows around their counts are kept per
    language and mode checked."""
    key = None if form.is_bound else (get_language(), initial_mode)
    pieces = _grids.get(key) if key is not None else None
    if pieces is None:
        pieces = _mode_pieces(form)
        if key is not None:
            _grids[key] = pieces
    return mark_safe(
        "".join([before + questions(counts[mode]) + after for mode, before, after in pieces])
    )


# An unbound form's rows around their counts: (mode, before, after) per language and mode.
_grids: dict[tuple, list[tuple[str, str, str]]] = {}
_COUNT = "\x00count\x00"  # where a row's count goes, in _mode_pieces


def _mode_pieces(form) -> list[tuple[str, str, str]]:
    """Each mode's row (MODE_ROW) split around its count: (mode, before, after)."""
    top_up = None
    pieces = []
    for row in choice_rows(form["mode"]):
        mode = selection.get_mode(row.value)
        if mode.top_up_mode:
            if top_up is None:
                field = form["top_up"]
                top_up = format_html(
                    '\n          <label class="checkbox top-up">{} {}</label>\n          ',
                    _checkbox(field),
                    field.label,
                )
            extra = top_up
        else:
            extra = ""
        html = format_html(MODE_ROW, row.tag, row.label, mark_safe(_COUNT), mode.description, extra)
        before, after = html.split(_COUNT)
        pieces.append((row.value, before, after))
    return pieces


# One mode's row, as start.html's loop wrote it (its whitespace included).
MODE_ROW = (
    '\n          <div class="mode-cell">\n          <label class="mode-option">\n            {}'
    '\n            <span class="mode-text">\n              <span class="mode-name">{} '
    '<span class="mode-count">{}</span></span>\n              <span class="mode-help">{}</span>'
    "\n            </span>\n          </label>\n          \n          {}"
    "\n          </div>\n        "
)
# The top-up's checkbox of an unbound form, per language: Django's widget template.
_checkboxes: dict[str, SafeString] = {}


@receiver(setting_changed)
def forget_checkboxes(**kwargs) -> None:
    """Settings (the form renderer, languages) shape the rows: render them afresh."""
    _checkboxes.clear()
    _grids.clear()


def _checkbox(field) -> SafeString:
    """`{{ form.top_up }}`, rendered once per language for an unbound form."""
    if field.form.is_bound:
        return field.as_widget()
    language = get_language()
    html = _checkboxes.get(language)
    if html is None:
        html = _checkboxes[language] = field.as_widget()
    return html


def start_key(form, *, topics) -> tuple | list:
    """What an unbound start form shows that can vary, but for its holes: the topics and
    the other apps' options it starts with (see the module's docstring). A bound form gets
    a list, which `{% once %}` cannot keep: rendered every time."""
    if form.is_bound:
        return ["bound"]
    options = tuple(
        (option.name, form.fields[option.name].initial) for option in extensions.start_options()
    )
    return (topics, options)

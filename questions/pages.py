"""The bank list's count and pages as prepared reads, when only a topic and a difficulty
narrow it (most requests: the whole bank, a page of it, a topic).

Building and compiling the count and the page's query cost more than running them. Here
each is compiled once per process (core.prepared) for each combination of the filters
chosen and, for a page, each of the first pages; the topic and the difficulty are the
values that vary. A text search or an add-on's filter goes through the ORM as before.
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from core.prepared import Prepared
from questions.models import Question

# Pages past this many are read through the ORM: what is kept stays bounded however big
# the bank grows (each page's SQL holds its own OFFSET).
MAX_PREPARED_PAGES = 100
_lock = threading.Lock()
_pages: dict[tuple, Prepared] = {}
_counts: dict[tuple, Prepared] = {}


def _narrowed(topic: bool, difficulty: bool):
    """A build of the active questions narrowed by a topic's id and a difficulty (those
    chosen, in that order among its values), as QuestionFilterForm.filter narrows them."""

    def build(*values):
        values = list(values)
        questions = Question.objects.active()
        if topic:
            # One topic: a question carries it at most once, so no DISTINCT is needed.
            questions = questions.filter(tags=values.pop(0))
        if difficulty:
            questions = questions.filter(difficulty=values.pop(0))
        return questions

    return build


# The columns a page shows (Question.objects.for_listing()), read as rows.
_COLUMNS = ("id", "number", "slug", "title", "difficulty", "answer_minutes", "is_active")


def _rows(questions):
    """A listing's questions as rows of _COLUMNS, in its order."""
    return questions.for_listing().values_list(*_COLUMNS)


def as_questions(rows, using: str = DEFAULT_DB_ALIAS) -> list[Question]:
    """The questions of these rows of _COLUMNS as the ORM gives them from for_listing() (the
    other columns deferred, loaded from `using`), each made in a few calls rather than
    Model.__init__'s two dozen: nothing listens to the model's init signals, and the
    attributes set are the ones its __init__ would set. With a receiver of those signals,
    by the ORM's own from_db."""
    if pre_init.has_listeners(Question) or post_init.has_listeners(Question):
        return [Question.from_db(using, _COLUMNS, row) for row in rows]
    new = Question.__new__
    questions = []
    for row in rows:
        question = new(Question)
        state = ModelState()
        state.adding, state.db = False, using
        question.__dict__.update(zip(_COLUMNS, row, strict=True), _state=state)
        questions.append(question)
    return questions


def _kept(store: dict, key: tuple, make) -> Prepared:
    prepared = store.get(key)
    if prepared is None:
        with _lock:
            prepared = store.setdefault(key, make())
    return prepared


class PreparedListing:
    """The listing as Paginator reads it: `count()` and a slice of the page's questions
    (with the columns the list shows, in its order)."""

    def __init__(self, *, topic: int | None, difficulty: int | None):
        self.chosen = (topic is not None, difficulty is not None)
        self.values = [value for value in (topic, difficulty) if value is not None]
        self.build = _narrowed(*self.chosen)

    def count(self) -> int:
        # Grouped by a column every row shares: by the difficulty when one is chosen, so
        # the database counts from the index of that difficulty's active questions.
        grouped = "difficulty" if self.chosen[1] else "is_active"

        def make():
            build = self.build
            return Prepared(
                Question,
                lambda *values: (
                    build(*values)
                    .order_by()
                    .values(grouped)
                    .annotate(count=Count("pk"))
                    .values_list("count", flat=True)
                ),
            )

        found = _kept(_counts, self.chosen, make).all(*self.values)
        return found[0] if found else 0

    def __getitem__(self, window: slice) -> list[Question]:
        return as_questions(self.rows(window))

    def rows(self, window: slice) -> list[tuple]:
        """The window's questions as rows of the listed columns (see as_questions)."""
        start, stop = window.start or 0, window.stop
        if stop <= start:
            return []
        if start // max(stop - start, 1) >= MAX_PREPARED_PAGES:
            return list(_rows(self.build(*self.values))[start:stop])

        def make():
            build = self.build
            return Prepared(Question, lambda *values: _rows(build(*values))[start:stop])

        return _kept(_pages, (*self.chosen, start, stop), make).all(*self.values)


# A text search of up to this many words (with a topic, a difficulty) is read with its SQL
# compiled once per number of words and filters chosen; more words go through the ORM.
MAX_PREPARED_TERMS = 6
_INT_MARKS = ((32_001, 32_002), (31_001, 31_002))
_TERM_MARK = "TermMark{set}x{index}q"
_searches: dict[tuple, tuple[str, list, list]] = {}
_by_ids = Prepared(Question, lambda ids: _rows(Question.objects.filter(pk__in=ids)))


def _search_sql(chosen: tuple[bool, bool], terms: int, using: str) -> tuple[str, list, list]:
    """The SQL of the matching questions' ids in the list's order, its parameters, and where
    each value goes among them: a number as it is, a word into the pattern the ORM made of
    a marker word (escaped as the ORM escapes it), compiled twice with different markers."""
    compiled = []
    for number, marks in enumerate(_INT_MARKS):
        words = [_TERM_MARK.format(set=number, index=index) for index in range(terms)]
        numbers = [mark for mark, wanted in zip(marks, chosen, strict=True) if wanted]
        questions = _narrowed(*chosen)(*numbers)
        for word in words:
            questions = questions.filter(search_text__contains=word)
        query = questions.order_by("number", "slug").values_list("pk", flat=True).query
        sql, params = query.get_compiler(using=using).as_sql()
        compiled.append((sql, list(params), numbers, words))
    (sql, params, numbers, words), (other_sql, other_params, *_others) = compiled
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError(f"a searched word changed the SQL itself: {sql}")
    # Each slot: (the parameter's index, the value's index among numbers then words, the
    # pattern a word goes into, None for a number).
    slots = []
    for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
        if isinstance(one, int) and one in numbers:
            slots.append((index, numbers.index(one), None))
        elif isinstance(one, str) and (found := [w for w in words if w in one]):
            word = found[0]
            slots.append((index, len(numbers) + words.index(word), one.replace(word, "{}", 1)))
        elif one != other:
            raise ValueError(f"a parameter of this SQL is not one of the values: {sql}")
    if sorted(slot[1] for slot in slots) != list(range(len(numbers) + len(words))):
        raise ValueError(f"each value must reach the SQL as one parameter: {sql}")
    return sql, params, slots


class SearchListing:
    """A text search's listing as Paginator reads it: the matching questions' ids, in the
    list's order, in one query (its count is theirs), then a page's questions by their ids
    (prepared), the columns the list shows."""

    def __init__(self, *, terms: list[str], topic: int | None, difficulty: int | None):
        chosen = (topic is not None, difficulty is not None)
        numbers = [value for value in (topic, difficulty) if value is not None]
        key = (chosen, len(terms), DEFAULT_DB_ALIAS)
        found = _searches.get(key)
        if found is None:
            with _lock:
                found = _searches.setdefault(key, _search_sql(chosen, len(terms), key[2]))
        sql, params, slots = found
        connection = connections[DEFAULT_DB_ALIAS]
        values = [*numbers, *(connection.ops.prep_for_like_query(term) for term in terms)]
        params = list(params)
        for index, value_index, pattern in slots:
            value = values[value_index]
            params[index] = value if pattern is None else pattern.replace("{}", value)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            self.ids = [row[0] for row in cursor.fetchall()]

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Question]:
        return as_questions(self.rows(window))

    def rows(self, window: slice) -> list[tuple]:
        """The window's questions as rows of the listed columns, in the list's order."""
        ids = self.ids[window]
        found = {row[0]: row for row in _by_ids.all(ids)}
        return [found[pk] for pk in ids if pk in found]

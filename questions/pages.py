"""The bank list's count and pages as prepared reads, when only a topic and a difficulty
narrow it (most requests: the whole bank, a page of it, a topic).

Building and compiling the count and the page's query cost more than running them. Here
each is compiled once per process (core.prepared) for each combination of the filters
chosen and, for a page, each of the first pages; the topic and the difficulty are the
values that vary. A text search or an add-on's filter goes through the ORM as before.
"""

import threading

from django.db.models import Count

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
        start, stop = window.start or 0, window.stop
        if stop <= start:
            return []
        if start // max(stop - start, 1) >= MAX_PREPARED_PAGES:
            return list(self.build(*self.values).for_listing()[start:stop])

        def make():
            build = self.build
            return Prepared(Question, lambda *values: build(*values).for_listing()[start:stop])

        return _kept(_pages, (*self.chosen, start, stop), make).all(*self.values)

"""What the bank list reads of the whole bank, kept per process under the bank's generation
(questions/generation.py) and read again after any change to it: the filter's topics, and
for each choice of the filters that narrow the bank alone (a topic, a difficulty, searched
words) its count and each page's rows with their topics and related questions.

Nothing of a reader is kept. The rows are the questions' own columns, made into new
Question instances on every request (the add-ons then set the reader's card and basket on
those), and a listing that an add-on's filter narrows (the reader's status) is read each
time. What is kept is keyed by everything it is read from: the topic's id, the difficulty,
the words as the search folds them, the page's window. A visitor can vary the words (and
the pages) without end, so each store keeps a bounded number of entries, the oldest going
first: MAX_LISTED for topics and difficulties, MAX_SEARCHED for searches (of at most
questions.pages.MAX_PREPARED_TERMS words; longer ones are read each time).
"""

import threading
from collections.abc import Callable

from questions import generation
from questions.forms import read_topics
from questions.pages import as_questions
from questions.rows import Listing, listing_for

# Counts and pages kept per generation, a topic or a difficulty chosen and searched words:
# a page of 20 questions holds about 8 KB on the bench's bank (its topics shared, below),
# so at most about 5 MB a process.
MAX_LISTED = 500
MAX_SEARCHED = 100


class Bounded:
    """At most `most` values by key, the oldest made going first when a new one comes."""

    def __init__(self, most: int):
        self.most = most
        self.entries: dict = {}
        self._lock = threading.Lock()

    def get(self, key, make: Callable):
        """The value kept under `key`, or what `make()` returns, kept."""
        try:
            return self.entries[key]
        except KeyError:
            pass
        value = make()
        with self._lock:
            if key not in self.entries and len(self.entries) >= self.most:
                del self.entries[next(iter(self.entries))]
            self.entries[key] = value
        return value


class BankReads:
    """What one generation of the bank gives the list."""

    def __init__(self):
        self.listed = Bounded(MAX_LISTED)
        self.searched = Bounded(MAX_SEARCHED)
        # Each topic's (slug, Chinese name, English name) once, shared by the pages' rows
        # that show it (a bank has a few topics on many questions).
        self.row_topics: dict[tuple, tuple] = {}
        self._topics: tuple | None = None

    def topics(self) -> tuple[tuple, ...]:
        """Every topic as (id, slug, Chinese name, English name), as the filter form reads
        them."""
        if self._topics is None:
            self._topics = read_topics()
        return self._topics


def bank_reads(bank: int) -> BankReads:
    """What is kept of generation `bank` (read once a request with generation.current())."""
    return generation.kept("bank list", bank, BankReads)


class KeptListing:
    """A listing as Paginator reads it (`count()`, a slice of Question instances made
    afresh), its count and each window's rows with their Listing kept in `store` (one of
    `bank`'s) under `key`; `read()` makes the listing they are read from when one is missing (once a
    request). After a slice, `listing` is that window's topics and related questions."""

    def __init__(self, bank: BankReads, store: Bounded, key: tuple, read: Callable):
        self.shared = bank.row_topics
        self.store = store
        self.key = key
        self.read = read
        self.listing = Listing({}, {})
        self._source = None

    def _listing(self):
        if self._source is None:
            self._source = self.read()
        return self._source

    def count(self) -> int:
        return self.store.get((*self.key, "count"), lambda: self._listing().count())

    def __getitem__(self, window: slice) -> list:
        rows, self.listing = self.store.get(
            (*self.key, window.start, window.stop), lambda: self._page(window)
        )
        return as_questions(rows)

    def _page(self, window: slice) -> tuple[tuple, Listing]:
        rows = tuple(self._listing().rows(window))
        listing = listing_for([row[0] for row in rows])
        shared = self.shared
        tags = {
            question: tuple(shared.setdefault(topic, topic) for topic in topics)
            for question, topics in listing.tags.items()
        }
        return rows, Listing(tags, listing.related)

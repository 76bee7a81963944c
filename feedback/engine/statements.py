"""Which places in an answer state something: an alias found there counts towards a point.

Two rules, after the labelling rubric (feedback/eval/README.md):

- A list of terms states nothing. A sentence that splits at list separators (、，,；; |
  line breaks) into at least `min_items` items, each of at most `max_words` words, is a
  bare list: "多样性数据、temperature、top-k、beam search". Words are counted with jieba.
- A denied term is not stated. An alias preceded in its clause by a negation cue
  (NEGATION_CUES), with at most `window` words between them, is negated: "并不冻结原模型",
  "not a low-rank update". A cue inside the alias itself ("不会干扰", "no extra latency")
  negates nothing, and a group with such an alias speaks of a negative already, so
  `Statements.stated` is told to leave its aliases alone.
"""

import logging
import re
from bisect import bisect_right
from functools import cache

import jieba

from feedback.engine.chinese import CJK_CHAR
from feedback.engine.dumps import DUMP_SEPARATOR, is_dump_of_pieces
from feedback.engine.normalize import (
    Folded,
    fold,
    fold_term,
    word_ends_at,
    word_starts_at,
)
from feedback.engine.words import (
    CJK_WORD_MAX_CHARS,
    ITEM_MARKER,
    Words,
    more_words_than,
    segment,
    word_count,
)

jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading on first use

# Words that deny what follows them in the same clause. Latin cues must be whole words,
# but a contraction ending ("n't") belongs to the word before it.
NEGATION_CUES = (
    "不是",
    "并不",
    "并非",
    "而非",
    "不需要",
    "无需",
    "不用",
    "没有",
    "不会",
    "不能",
    "不要",
    "not",
    "no",
    "never",
    "without",
    "cannot",
    "n't",
    "n’t",
)
# Sentences end at 。！？!? (a run of them), at a full stop before a space and after no
# digit (so "0.4" and the "1. " of a numbered list do not end one), and at a blank line.
# Written as one character followed by what it needs, which lets `re` skip to those
# characters quickly: a long answer is split in a tenth of a millisecond.
SENTENCE_END = re.compile(
    r"[。！？!?.\n]"
    r"(?:(?<![.\n])[。！？!?]*"  # 。！？!? and any that follow
    r"|(?<=\.)(?<!\d\.)(?=\s|$)"  # a full stop
    r"|(?<=\n)\s*\n)"  # a blank line
)
# Items of a list are separated by these.
LIST_SEPARATOR = re.compile(r"[、，,；;|\n]")
# A negation reaches no further than its clause.
CLAUSE_END = re.compile(r"[，,。；;！!？?：:\n]|(?<!\d)\.(?=\s|$)")


def is_bare_list(sentence: str, min_items: int, max_words: int, words: Words = segment) -> bool:
    """Whether the sentence is `min_items` or more terms of at most `max_words` words:
    separated by list separators, or a term dump (see `is_term_dump`). `words` segments
    a piece (`words.segment`, or a memo of it)."""
    # A dump's pieces lie within a list's items, and every term of either is short: a
    # sentence with a long piece (most sentences) is neither, found with one cheap measure,
    # or, cheaper still, by a run of ideographs too long for any term.
    if _long_chinese_run(max_words).search(sentence):
        return False
    pieces = DUMP_SEPARATOR.split(sentence)
    if more_words_than(max(pieces, key=len), max_words):
        return False
    return _is_separated_list(sentence, min_items, max_words, words) or is_dump_of_pieces(
        sentence, pieces, min_items, max_words, words
    )


@cache
def _long_chinese_run(max_words: int) -> re.Pattern:
    """A run of ideographs that `more_words_than` counts as more than `max_words` words."""
    return re.compile(f"{CJK_CHAR}{{{CJK_WORD_MAX_CHARS * max_words + 1}}}")


def _is_separated_list(sentence: str, min_items: int, max_words: int, words: Words) -> bool:
    """Whether list separators split the sentence into `min_items` or more short terms."""
    items = LIST_SEPARATOR.split(sentence)
    if len(items) < min_items:
        return False
    items = [item for item in items if item.strip()]
    if len(items) < min_items:
        return False
    # The longest items are the likeliest statements: they are measured first.
    items.sort(key=len, reverse=True)
    if any(more_words_than(item, max_words) for item in items):
        return False
    return all(word_count(ITEM_MARKER.sub("", item), words) <= max_words for item in items)


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence of `text` starts, and where its end mark starts (the end of
    the text for the last), in order."""
    marks = list(map(re.Match.span, SENTENCE_END.finditer(text)))
    return [0, *(end for _, end in marks)], [*(start for start, _ in marks), len(text)]


@cache
def negation_cue_words() -> tuple[str, ...]:
    """The folded cues, longest first: where two start at one place, the longer is the cue."""
    return tuple(
        sorted({fold_term(cue) for cue in NEGATION_CUES}, key=lambda cue: (-len(cue), cue))
    )


@cache
def _cue_pattern() -> re.Pattern:
    """The cues as one pattern, longest first (`negation_cue_words`)."""
    return re.compile("|".join(map(re.escape, negation_cue_words())))


def negation_cue_ends(
    text: str, folded: Folded, found: dict[str, list[int]] | None = None
) -> list[int]:
    """Where in `text` each negation cue ends, in order. `found`: where each word occurs
    in the folded text, the cues among them (Finder.positions); None to look here."""
    if found is None:
        hits = [
            (cue.start(), cue.end(), cue.group()) for cue in _cue_pattern().finditer(folded.text)
        ]
    else:
        hits = _cue_hits(found)
    ends = []
    for folded_start, folded_end, word in hits:
        start, end = folded.original_span(folded_start, folded_end)
        if word[0].isascii() and not (
            word_ends_at(text, end) and (not word.isalpha() or word_starts_at(text, start))
        ):
            continue  # "no" in "know", "not" in "notation"
        ends.append(end)
    return ends


def _cue_hits(found: dict[str, list[int]]) -> list[tuple[int, int, str]]:
    """(start, end, cue) of what `_cue_pattern().finditer` finds, from every place each
    cue occurs: the longest cue at the leftmost place, then on from its end."""
    occurrences = sorted(
        (position, -len(word), word)
        for word in negation_cue_words()
        for position in found.get(word, ())
    )
    hits = []
    done = 0
    for position, minus_length, word in occurrences:
        if position >= done:
            done = position - minus_length
            hits.append((position, done, word))
    return hits


def has_negation_cue(term: str) -> bool:
    """Whether a term (an alias) holds a negation cue of its own: "no extra latency"."""
    return bool(negation_cue_ends(term, fold(term)))


class Statements:
    """What one answer states. Only sentences where an alias was found are looked at, so
    a long answer is not segmented all through."""

    def __init__(
        self,
        text: str,
        folded: Folded,
        *,
        min_items: int | None,
        max_words: int,
        window: int,
        found: dict[str, list[int]] | None = None,
    ):
        """`found`: where each word occurs in the folded text, if the negation cues were
        looked for with the aliases (Finder.positions)."""
        self.text = text
        self.min_items = min_items
        self.max_words = max_words
        self.window = window
        self._cue_ends = negation_cue_ends(text, folded, found) if window >= 0 else []
        # Where the clause of each cue ends: a negation reaches no further.
        self._cue_reaches = [
            clause_end.start() if (clause_end := CLAUSE_END.search(text, cue_end)) else len(text)
            for cue_end in self._cue_ends
        ]
        self._sentence_starts: list[int] = []
        self._sentence_ends: list[int] = []
        self._bare: dict[int, bool] = {}  # by sentence
        self._bare_texts: dict[str, bool] = {}  # a long answer may repeat a sentence
        # The list and dump rules often segment the same piece of a sentence.
        self._segmented: dict[str, list[str]] = {}

    def stated(
        self, spans: list[tuple[int, int]], *, negatable: bool = True
    ) -> list[tuple[int, int]]:
        """The spans of alias occurrences that the answer states: not listed, not negated.

        One loop for both rules: a long answer has hundreds of occurrences, and most are
        let through after two binary searches.
        """
        if self.min_items and not self._sentence_starts:
            self._sentence_starts, self._sentence_ends = sentence_bounds(self.text)
        starts, bare = self._sentence_starts, self._bare
        cue_ends = self._cue_ends if negatable else []
        stated = []
        for span in spans:
            start = span[0]
            if starts:
                sentence = bisect_right(starts, start) - 1
                if sentence not in bare:
                    bare[sentence] = self._is_bare(sentence, start)
                if bare[sentence]:
                    continue
            if cue_ends:
                cue = bisect_right(cue_ends, start) - 1
                if cue >= 0 and start < self._cue_reaches[cue] and self._within(cue, start):
                    continue
                # A term found with its words apart is denied by a cue between them too.
                if cue + 1 < len(cue_ends) and cue_ends[cue + 1] < span[1]:
                    continue
            stated.append(span)
        return stated

    def _is_bare(self, sentence: int, inside: int) -> bool:
        """Whether sentence number `sentence`, which holds text[inside], is a bare list."""
        end = self._sentence_ends[sentence]
        if inside > end:  # within the end mark: the next one ends the text looked at
            found = SENTENCE_END.search(self.text, inside)
            end = found.start() if found else len(self.text)
        text = self.text[self._sentence_starts[sentence] : end]
        if text not in self._bare_texts:
            self._bare_texts[text] = is_bare_list(text, self.min_items, self.max_words, self._words)
        return self._bare_texts[text]

    def _within(self, cue: int, start: int) -> bool:
        """Whether at most `window` words lie between the cue and text[start]."""
        gap = self.text[self._cue_ends[cue] : start]
        return not more_words_than(gap, self.window) and word_count(gap, self._words) <= self.window

    def _words(self, piece: str) -> list[str]:
        """`words.segment`, remembered for this answer."""
        if (found := self._segmented.get(piece)) is None:
            found = self._segmented[piece] = segment(piece)
        return found


def warm_up() -> None:
    """Load jieba's dictionary now (0.6–2 s), so the first answer checked in a serving
    process does not wait for it; registered in feedback.apps, run by core.serving."""
    jieba.initialize()

"""Fold answer text and aliases alike for matching, remembering where each character came from.

Folding is NFKC (full-width forms, styled letters), case-folding, dropping spaces, dashes,
underscores and invisible format characters, then traditional → simplified Chinese with
OpenCC's "t2s". Every folded character keeps the span of original characters it came
from, so a match in folded text maps back to the exact characters the learner typed.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from feedback.engine.chinese import to_simplified

# Separators that carry no meaning in a term: "paged attention" = "Paged-Attention".
IGNORED_CATEGORIES = frozenset({"Pd", "Pc", "Cf"})


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text, and where each of its characters came from in the original text."""

    text: str
    origins: "_ByLengths | _ByLists"

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering folded characters start:end (end > start)."""
        return self.origins.span(start, end)

    def origin(self, index: int) -> int:
        """The original character that folded character `index` came from (its first)."""
        return self.origins.span(index, index + 1)[0]

    @property
    def starts(self) -> list[int]:
        """The first original character of every folded character (for tests)."""
        return [self.origin(index) for index in range(len(self.text))]


@dataclass(frozen=True, slots=True)
class _ByLists:
    """Folded character k came from original characters starts[k]:ends[k]."""

    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering folded characters start:end."""
        return self.starts[start], self.ends[end - 1]


class _ByLengths:
    """Where folded characters came from, read off each original character's folded
    length (`_lengths`: none combining), every one from one original character.

    Most characters fold to one, so instead of a list with a number per character (18,000
    Python ints for a long answer) it keeps the few places where that changes: dropped
    characters (spaces, dashes), found in C by splitting the lengths at them, and
    expanding ones (… → ...). A position is then a binary search or two away.
    """

    __slots__ = ("lengths", "_dropped", "_expansion_starts", "_expansion_ends", "_ranks", "_extra")

    def __init__(self, lengths: bytes):
        self.lengths = lengths
        kept_runs = lengths.split(b"\0")
        # How many kept characters come before each dropped one, in order.
        self._dropped = list(accumulate(map(len, kept_runs[:-1])))
        # Per expanding character: where its folded characters start and end, its rank
        # among kept characters, and how many folded characters it adds with those before.
        self._expansion_starts: list[int] = []
        self._expansion_ends: list[int] = []
        self._ranks: list[int] = []
        self._extra: list[int] = []
        extra = dropped = done = 0
        # Deleting the lengths 0 and 1 leaves one byte per expansion: mostly none.
        expanded = lengths.translate(None, b"\0\1")
        for hit in EXPANSION.finditer(lengths) if expanded else ():
            origin = hit.start()
            dropped += lengths.count(0, done, origin)
            done = origin
            rank = origin - dropped
            self._ranks.append(rank)
            self._expansion_starts.append(rank + extra)
            extra += lengths[origin] - 1
            self._expansion_ends.append(rank + extra + 1)
            self._extra.append(extra)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByLengths) and other.lengths == self.lengths

    __hash__ = None  # type: ignore[assignment]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering folded characters start:end."""
        last = end - 1
        if self._ranks:
            start, last = self._rank(start), self._rank(last)
        dropped = self._dropped
        before = bisect_right(dropped, start)
        # A span is short: mostly nothing was dropped within it.
        if before < len(dropped) and dropped[before] <= last:
            return start + before, last + bisect_right(dropped, last, before) + 1
        return start + before, last + before + 1

    def _rank(self, index: int) -> int:
        """Which kept original character folded character `index` came from."""
        expansion = bisect_right(self._expansion_starts, index) - 1
        if expansion < 0:
            return index
        if index < self._expansion_ends[expansion]:
            return self._ranks[expansion]
        return index - self._extra[expansion]


def _fold_cluster(cluster: str) -> str:
    """NFKC and case-fold a character with its combining marks; drop separators."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cluster).casefold())
    return "".join(
        char
        for char in folded
        if not char.isspace() and unicodedata.category(char) not in IGNORED_CATEGORIES
    )


# str.translate tables, filled as characters are first met (a dict subclass with
# __missing__ would fill itself, but makes translate 2.5 times slower). _FOLDS maps a
# character to its folded form; _LENGTHS to its folded length as one byte, or COMBINING
# for a combining mark, which NFKC composes with the character before it. The CJK
# ideographs of IDEOGRAPHS are never learnt: they fold to themselves (checked by a test),
# which is what translate does with a character its table lacks.
_FOLDS: dict[int, str] = {}
_LENGTHS: dict[int, str] = {}
COMBINING = 0xFF
# Anything above 1 is an expansion; the longest NFKC expansion is 18 characters (U+FDFA).
EXPANSION = re.compile(rb"[\x02-\xfe]")


def _learn(chars: set[str]) -> None:
    """Add characters to the translate tables (folds first: lengths are looked up first)."""
    for char in chars:
        code = ord(char)
        _FOLDS[code] = folded = _fold_cluster(char)
        length = COMBINING if unicodedata.combining(char) else min(len(folded), COMBINING - 1)
        _LENGTHS[code] = chr(length)


# Latin-1 is known from the start, and so are the blocks of punctuation and full-width
# forms that Chinese text uses.
_learn({chr(code) for code in range(256)})
_learn(
    {
        chr(code)
        for start, end in ((0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))
        for code in range(start, end)
    }
)
_LATIN1_LENGTHS = bytes(ord(_LENGTHS[code]) for code in range(256))
# Characters above U+00FF that fold to exactly one character: the CJK ideographs (they
# fold to themselves) and those learnt above of length 1. Every other character above
# U+00FF is looked up one by one (and learnt if new), so text of ideographs, Latin-1 and
# Chinese punctuation needs no per-character lookup for its lengths.
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff"
_LOOKED_UP = re.compile(
    "[^\x00-\xff"
    + IDEOGRAPHS
    + "".join(
        re.escape(chr(code))
        for code, length in _LENGTHS.items()
        if code > 0xFF and length == "\x01"
    )
    + "]"
)


def _common_ideographs() -> list[str]:
    """GB2312's 3,755 commonest hanzi (its level 1, rows 0xB0–0xD7), listed by decoding."""
    pairs = bytes(
        byte for high in range(0xB0, 0xD8) for low in range(0xA1, 0xFF) for byte in (high, low)
    )
    return re.findall(f"[{IDEOGRAPHS}]", pairs.decode("gb2312", errors="ignore"))


# An ideograph missing from _FOLDS folds right (to itself) but costs translate an
# exception, so the commonest are put in, mapped to themselves.
_FOLDS.update((ord(char), char) for char in _common_ideographs())


# Past one looked-up character in this many, _lengths translates the whole text instead.
DENSE_SHARE = 8
# No length is 0x3F ("?"), so after the Latin-1 encoding "?" only stands for what had none.
_UNMAPPED_IS_ONE = bytes.maketrans(b"?", b"\x01")


def _lengths(text: str) -> bytes:
    """Each character's folded length as one byte (as _LENGTHS), learning new characters.

    Encoding to Latin-1 turns every character above U+00FF into "?", of length 1, which
    is right for all but those _LOOKED_UP finds; those are then set one by one, or, when
    they are many, the whole text is translated.
    """
    hits = _LOOKED_UP.findall(text)
    if not hits:
        return text.encode("latin-1", "replace").translate(_LATIN1_LENGTHS)
    if unknown := {char for char in set(hits) if ord(char) not in _LENGTHS}:
        _learn(unknown)
    if len(hits) > len(text) // DENSE_SHARE:
        # Many of them (Cyrillic, Hangul, kana...): one translate in C beats the loop. What
        # it leaves unmapped lies above U+00FF and folds to one character: "?" becomes 1.
        folded = text.translate(_LENGTHS).encode("latin-1", "replace")
        return folded.translate(_UNMAPPED_IS_ONE)
    lengths = bytearray(text.encode("latin-1", "replace").translate(_LATIN1_LENGTHS))
    for hit in _LOOKED_UP.finditer(text):
        lengths[hit.start()] = ord(_LENGTHS[ord(hit.group())])
    return bytes(lengths)


def _fold_by_cluster(text: str) -> tuple[str, list[int], list[int]]:
    """Slow path for text with combining marks: NFKC composes them with their base."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    base_origin = base_output = 0
    for index, char in enumerate(text):
        if unicodedata.combining(char):
            del chars[base_output:], starts[base_output:], ends[base_output:]
            folded = _fold_cluster(text[base_origin : index + 1])
            chars.extend(folded)
            starts.extend([base_origin] * len(folded))
            ends.extend([index + 1] * len(folded))
            continue
        base_origin, base_output = index, len(chars)
        folded = _FOLDS.get(ord(char), char)  # an ideograph is not learnt
        chars.extend(folded)
        starts.extend([index] * len(folded))
        ends.extend([index + 1] * len(folded))
    return "".join(chars), starts, ends


def _fold_unicode(text: str) -> tuple[str, bytes | tuple[list[int], list[int]]]:
    """NFKC + case-fold + drop separators, with each character's folded length (or, for
    text with combining marks, the index map itself).

    str.translate folds each character and also writes its folded length as one byte.
    No Python loop runs per character, so a 20,000-character answer folds in well under a
    millisecond.
    """
    lengths = _lengths(text)
    if COMBINING in lengths:
        folded, starts, ends = _fold_by_cluster(text)
        return folded, (starts, ends)
    return text.translate(_FOLDS), lengths


def fold(text: str) -> Folded:
    """Fold text for matching, with the map back to original character positions."""
    folded, lengths = _fold_unicode(text)
    origins = _ByLengths(lengths) if isinstance(lengths, bytes) else _ByLists(*lengths)
    return Folded(to_simplified(folded), origins)


def fold_term(term: str) -> str:
    """Fold an alias or label the same way as answers (no index map needed)."""
    return to_simplified(_fold_unicode(term)[0])


@lru_cache(maxsize=4096)
def is_latin(char: str) -> bool:
    """A Latin letter or digit once folded (full-width and styled letters count)."""
    if char.isascii():
        return char.isalnum()
    folded = fold_term(char)
    return folded[:1].isascii() and folded[:1].isalnum()


def word_starts_at(text: str, index: int) -> bool:
    """Whether a Latin word starts at text[index] (after a non-letter, or in camelCase)."""
    if index <= 0:
        return True
    before, char = text[index - 1], text[index]
    return not is_latin(before) or (before.islower() and char.isupper())


def word_ends_at(text: str, index: int) -> bool:
    """Whether a Latin word ends just before text[index]."""
    if index >= len(text):
        return True
    before, char = text[index - 1], text[index]
    return not is_latin(char) or (before.islower() and char.isupper())

"""Which key points an answer covers, and where: pure and deterministic, no database.

A key point is found when every one of its alias groups has an alias in the answer (AND
across groups, OR within a group). Answer and aliases are folded alike (see
`feedback.normalize`); an alias matches as a substring of the folded answer, and an
English alias of FUZZY_MIN_LETTERS letters or more also matches a misspelt word.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from feedback.normalize import Folded, fold, fold_term

# Similarity (rapidfuzz ratio, 0–100) a misspelt word needs; chosen by `make tune-feedback`
# on the tuning half of the labelled answers (feedback/eval/thresholds.json).
FUZZY_THRESHOLD = 75
# Shorter English aliases (LoRA, SFT, RLHF) match exactly only: one typo in four letters
# is usually another word.
FUZZY_MIN_LETTERS = 5
# A misspelling is about as long as the word: at most this many letters more or fewer, so
# "prompt" is not "hard prompt" and "frozen" is not "unfrozen".
FUZZY_MAX_LENGTH_DIFFERENCE = 1
# A misspelt word may reach this many characters beyond rapidfuzz's best window.
FUZZY_BOUNDARY_SLACK = 1
# A window that takes in letters of the neighbouring words scores below the word itself
# (a dropped letter in a 6-letter alias: 91 for the word, 83 for the window), so windows
# are looked at from this many points below the threshold; the words decide.
FUZZY_WINDOW_MARGIN = 10.0
# Key-point lists are few and reused (one per question), so their folded aliases are kept.
PREPARED_POINTS_CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One thing a good answer mentions; `groups` are alias groups, all of which must match."""

    label_zh: str
    label_en: str
    essential: bool
    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def from_dict(cls, data: dict) -> "KeyPoint":
        """Build from the JSON shape {"label_zh", "label_en", "essential", "aliases": [[...]]}."""
        return cls(
            label_zh=data["label_zh"],
            label_en=data["label_en"],
            essential=bool(data.get("essential", False)),
            groups=tuple(tuple(group) for group in data["aliases"]),
        )

    def as_dict(self) -> dict:
        """The JSON shape `from_dict` reads."""
        return {
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "essential": self.essential,
            "aliases": [list(group) for group in self.groups],
        }


@dataclass(frozen=True, slots=True)
class PointMatch:
    """Whether a point was found, and the spans of the answer that show it.

    Spans are [start, end) indices into the answer as a Python str (code points), sorted
    with overlapping or touching ones merged; a point not found has none.
    """

    found: bool
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Alias:
    """An alias folded once, with what kind of matching it allows."""

    folded: str
    # Starts with a Latin letter or digit, so it must start a word: "lora" is not in "exploration".
    latin: bool
    fuzzy: bool


@lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    """A Latin letter or digit once folded (full-width and styled letters count)."""
    if char.isascii():
        return char.isalnum()
    folded = fold_term(char)
    return folded[:1].isascii() and folded[:1].isalnum()


def _prepare_alias(alias: str) -> _Alias | None:
    """Fold an alias once; None when nothing of it is left to match."""
    folded = fold_term(alias)
    if not folded:
        return None
    latin = folded[0].isascii() and folded[0].isalnum()
    english = folded.isascii() and folded.isalnum()
    letters = sum(char.isalpha() for char in folded)
    return _Alias(folded, latin, english and letters >= FUZZY_MIN_LETTERS)


@lru_cache(maxsize=PREPARED_POINTS_CACHE_SIZE)
def _prepare(points: tuple[KeyPoint, ...]) -> tuple[tuple[tuple[_Alias, ...], ...], ...]:
    """Folded aliases of every group of every point, computed once per list of points."""
    return tuple(
        tuple(
            tuple(alias for alias in map(_prepare_alias, group) if alias is not None)
            for group in point.groups
        )
        for point in points
    )


def _word_starts_at(text: str, index: int) -> bool:
    """Whether a Latin word starts at text[index] (after a non-letter, or in camelCase)."""
    if index <= 0:
        return True
    before, char = text[index - 1], text[index]
    return not _is_latin(before) or (before.islower() and char.isupper())


def _word_ends_at(text: str, index: int) -> bool:
    """Whether a Latin word ends just before text[index]."""
    if index >= len(text):
        return True
    before, char = text[index - 1], text[index]
    return not _is_latin(char) or (before.islower() and char.isupper())


def _exact_spans(text: str, folded: Folded, alias: _Alias) -> list[tuple[int, int]]:
    """Original spans of every occurrence of the alias in the folded answer."""
    spans = []
    position = folded.text.find(alias.folded)
    while position >= 0:
        start, end = folded.original_span(position, position + len(alias.folded))
        if not alias.latin or _word_starts_at(text, start):
            spans.append((start, end))
        position = folded.text.find(alias.folded, position + 1)
    return spans


def _fuzzy_span(
    text: str, folded: Folded, alias: _Alias, threshold: float
) -> tuple[int, int] | None:
    """Original span of a misspelt alias: rapidfuzz's best window, snapped to whole words.

    The window (found with spaces removed) may take in letters of the neighbouring words,
    so it only proposes where to look: the best run of whole words in or around it must
    itself be similar enough. That keeps "prefix" from matching the start of "prefilling".
    """
    window = fuzz.partial_ratio_alignment(
        alias.folded, folded.text, score_cutoff=threshold - FUZZY_WINDOW_MARGIN
    )
    if window is None:
        return None
    size = len(folded.text)
    low = max(window.dest_start - FUZZY_BOUNDARY_SLACK, 0)
    high = min(window.dest_end + FUZZY_BOUNDARY_SLACK, size)
    starts = [k for k in range(low, high) if _starts_word(text, folded, k)]
    ends = [k for k in range(low + 1, high + 1) if _ends_word(text, folded, k)]
    longest = FUZZY_MAX_LENGTH_DIFFERENCE
    candidates = [
        (fuzz.ratio(alias.folded, folded.text[start:end]), -start, -end)
        for start in starts
        for end in ends
        if end > start and abs(end - start - len(alias.folded)) <= longest
    ]
    # The most similar words; among equals the earliest and shortest, so ties are stable.
    score, start, end = max(candidates, default=(0.0, 0, 0))
    return folded.original_span(-start, -end) if score >= threshold else None


def _starts_word(text: str, folded: Folded, start: int) -> bool:
    """Folded character `start` is a Latin letter or digit that starts a word."""
    return _is_latin(folded.text[start]) and _word_starts_at(text, folded.starts[start])


def _ends_word(text: str, folded: Folded, end: int) -> bool:
    """Folded character `end - 1` is a Latin letter or digit that ends a word."""
    return _is_latin(folded.text[end - 1]) and _word_ends_at(
        text, folded.original_span(end - 1, end)[1]
    )


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort spans and merge those that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _match_point(
    text: str, folded: Folded, groups: tuple[tuple[_Alias, ...], ...], threshold: float
) -> PointMatch:
    """Match one point: every group needs an alias; misspellings only when none is exact."""
    spans: list[tuple[int, int]] = []
    for group in groups:
        found = [span for alias in group for span in _exact_spans(text, folded, alias)]
        if not found:
            fuzzy = (_fuzzy_span(text, folded, alias, threshold) for alias in group if alias.fuzzy)
            found = [span] if (span := next(filter(None, fuzzy), None)) else []
        if not found:
            return PointMatch(found=False)
        spans.extend(found)
    return PointMatch(found=bool(groups), spans=_merge(spans))


def match_key_points(
    text: str, points: Sequence[KeyPoint], *, fuzzy_threshold: float = FUZZY_THRESHOLD
) -> list[PointMatch]:
    """For each key point: whether the answer covers it, and the spans of `text` that show it.

    A point without groups, or an answer without text, finds nothing. `fuzzy_threshold`
    is there for tuning; the application uses FUZZY_THRESHOLD.
    """
    prepared = _prepare(tuple(points))
    if not text.strip():
        return [PointMatch(found=False) for _ in prepared]
    folded = fold(text)
    return [_match_point(text, folded, groups, fuzzy_threshold) for groups in prepared]

"""Which key points an answer covers, and where: pure and deterministic, no database.

A key point is found when every one of its alias groups has an alias in the answer (AND
across groups, OR within a group). Answer and aliases are folded alike (see
`feedback.engine.normalize`); an alias matches as a substring of the folded answer, and an
English alias of FUZZY_MIN_LETTERS letters or more also matches a misspelt word. An
alias counts only where the answer states it (see `feedback.engine.statements`): not in a bare
list of terms, and not negated.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from feedback.engine.finding import Finder
from feedback.engine.fuzzy import fuzzy_span
from feedback.engine.normalize import Folded, fold, fold_term, word_starts_at
from feedback.engine.statements import Statements, has_negation_cue, negation_cue_words
from feedback.engine.variants import Pieces, alias_pieces, gapped_spans, phrase_pieces

# Similarity (rapidfuzz ratio, 0–100) a misspelt word needs; chosen by `make tune-feedback`
# on the tuning half of the labelled answers (feedback/eval/thresholds.json).
FUZZY_THRESHOLD = 72
# Shorter English aliases (LoRA, SFT, RLHF) match exactly only: one typo in four letters
# is usually another word.
FUZZY_MIN_LETTERS = 5
# A sentence that splits at list separators (、，,；; | line breaks) into LIST_MIN_ITEMS or
# more items of at most LIST_TERM_MAX_WORDS words each is a bare list of terms and states
# nothing. Three by definition: two short clauses are often one statement ("先预训练，再做
# SFT"). The tuning half agrees (two costs F1) but cannot tell three from five, its lists
# being longer. The words per term are chosen by `make tune-feedback` on the tuning half.
LIST_MIN_ITEMS = 3
LIST_TERM_MAX_WORDS = 3
# An alias with a negation cue (statements.NEGATION_CUES) at most this many words before
# it, in its clause, is denied. Chosen by `make tune-feedback` on the tuning half.
NEGATION_WINDOW_WORDS = 2
# A Chinese alias's words may stand apart in a clause ("训练…效率"), with at most this many
# characters between two of them; -1 turns that off. Chosen by `make tune-feedback` on the
# tuning half, as are the editor's phrases' gaps, which use the same window.
ALIAS_GAP_MAX_CHARS = 10
# Key-point lists are few and reused (one per question), so their folded aliases are kept.
PREPARED_POINTS_CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One thing a good answer mentions; `groups` are alias groups, all of which must match."""

    label_zh: str
    label_en: str
    essential: bool
    groups: tuple[tuple[str, ...], ...]
    # Phrases an editor added that make the point by themselves, "…" where words may come
    # between: "训练…高效".
    synonyms: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> "KeyPoint":
        """Build from the JSON shape {"label_zh", "label_en", "essential", "aliases": [[...]]}."""
        return cls(
            label_zh=data["label_zh"],
            label_en=data["label_en"],
            essential=bool(data.get("essential", False)),
            groups=tuple(tuple(group) for group in data["aliases"]),
            synonyms=tuple(data.get("synonyms") or ()),
        )

    def as_dict(self) -> dict:
        """The JSON shape `from_dict` reads (synonyms only when there are some)."""
        data = {
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "essential": self.essential,
            "aliases": [list(group) for group in self.groups],
        }
        return data | {"synonyms": list(self.synonyms)} if self.synonyms else data


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """The matcher's parameters; the application uses the defaults (TUNED). The evaluation
    turns a rule off with `list_min_items=None` or `negation_window_words=-1`."""

    fuzzy_threshold: float = FUZZY_THRESHOLD
    list_min_items: int | None = LIST_MIN_ITEMS
    list_term_max_words: int = LIST_TERM_MAX_WORDS
    negation_window_words: int = NEGATION_WINDOW_WORDS
    gap_max_chars: int = ALIAS_GAP_MAX_CHARS


TUNED = MatchSettings()


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
    # Its words, each with other forms, when they may stand apart (variants.alias_pieces).
    pieces: Pieces | None = None


def _prepare_alias(alias: str) -> _Alias | None:
    """Fold an alias once; None when nothing of it is left to match."""
    folded = fold_term(alias)
    if not folded:
        return None
    latin = folded[0].isascii() and folded[0].isalnum()
    english = folded.isascii() and folded.isalnum()
    letters = sum(char.isalpha() for char in folded)
    return _Alias(folded, latin, english and letters >= FUZZY_MIN_LETTERS, alias_pieces(folded))


@dataclass(frozen=True, slots=True)
class _Group:
    """A group's folded aliases. A group with an alias that holds a negation ("no extra
    latency") speaks of a negative: a cue before its other aliases states the point."""

    aliases: tuple[_Alias, ...]
    negatable: bool = True


def _prepare_group(group: tuple[str, ...]) -> _Group:
    """Fold a group's aliases once, and see whether one of them holds a negation."""
    aliases = tuple(alias for alias in map(_prepare_alias, group) if alias is not None)
    return _Group(aliases, negatable=not any(map(has_negation_cue, group)))


@dataclass(frozen=True, slots=True)
class _Point:
    """A point's folded groups, and its editor's phrases as parts."""

    groups: tuple[_Group, ...]
    phrases: tuple[Pieces, ...]


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A list of points prepared, with one finder for all of their aliases."""

    points: tuple[_Point, ...]
    finder: Finder


@lru_cache(maxsize=PREPARED_POINTS_CACHE_SIZE)
def _prepare(points: tuple[KeyPoint, ...]) -> _Prepared:
    """Folded aliases of every group of every point, computed once per list of points."""
    prepared = tuple(
        _Point(
            tuple(map(_prepare_group, point.groups)),
            tuple(pieces for pieces in map(phrase_pieces, point.synonyms) if pieces),
        )
        for point in points
    )
    aliases = (a.folded for p in prepared for group in p.groups for a in group.aliases)
    # The negation cues are looked for in the same passes over the answer.
    return _Prepared(prepared, Finder(chain(aliases, negation_cue_words())))


@dataclass(frozen=True, slots=True)
class _Answer:
    """The answer as typed, folded, and where in the folded text each alias occurs."""

    text: str
    folded: Folded
    positions: dict[str, list[int]]


def _gapped_spans(folded: Folded, pieces: Pieces, max_gap: int) -> list[tuple[int, int]]:
    """Original spans of the parts found apart (variants.gapped_spans)."""
    return [folded.original_span(*span) for span in gapped_spans(folded.text, pieces, max_gap)]


def _exact_spans(
    text: str, folded: Folded, alias: _Alias, found: dict[str, list[int]]
) -> list[tuple[int, int]]:
    """Original spans of every occurrence of the alias in the folded answer (`found`: the
    positions of every alias, Finder.positions)."""
    spans = []
    length = len(alias.folded)
    for position in found.get(alias.folded, ()):
        start, end = folded.original_span(position, position + length)
        if not alias.latin or word_starts_at(text, start):
            spans.append((start, end))
    return spans


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
    answer: _Answer, point: _Point, statements: Statements, settings: MatchSettings
) -> PointMatch:
    """Match one point: every group needs an alias the answer states, else one of the
    editor's phrases; words apart and misspellings only when no exact alias of the group
    is there at all."""
    gap = settings.gap_max_chars
    for phrase in point.phrases if gap >= 0 else ():
        if stated := statements.stated(_gapped_spans(answer.folded, phrase, gap)):
            return PointMatch(found=True, spans=_merge(stated))
    return _match_groups(answer, point.groups, statements, settings)


def _match_groups(
    answer: _Answer, groups: tuple[_Group, ...], statements: Statements, settings: MatchSettings
) -> PointMatch:
    """Match a point by its alias groups (AND across groups, OR within one)."""
    threshold, gap = settings.fuzzy_threshold, settings.gap_max_chars
    text, folded, positions = answer.text, answer.folded, answer.positions
    spans: list[tuple[int, int]] = []
    for group in groups:
        found = [
            span
            for alias in group.aliases
            if alias.folded in positions
            for span in _exact_spans(text, folded, alias, positions)
        ]
        if not found and gap >= 0:
            found = [
                span
                for alias in group.aliases
                if alias.pieces
                for span in _gapped_spans(folded, alias.pieces, gap)
            ]
        if not found:
            fuzzy = (
                fuzzy_span(text, folded, alias.folded, threshold)
                for alias in group.aliases
                if alias.fuzzy
            )
            found = [span] if (span := next(filter(None, fuzzy), None)) else []
        stated = statements.stated(found, negatable=group.negatable)
        if not stated:
            return PointMatch(found=False)
        spans.extend(stated)
    return PointMatch(found=bool(groups), spans=_merge(spans))


def match_key_points(
    text: str, points: Sequence[KeyPoint], *, settings: MatchSettings = TUNED
) -> list[PointMatch]:
    """For each key point: whether the answer covers it, and the spans of `text` that show it.

    A point without groups, or an answer without text, finds nothing. `settings` is there
    for tuning; the application uses TUNED.
    """
    prepared = _prepare(tuple(points))
    if not text.strip():
        return [PointMatch(found=False) for _ in prepared.points]
    folded = fold(text)
    answer = _Answer(text, folded, prepared.finder.positions(folded.text))
    statements = Statements(
        text,
        folded,
        min_items=settings.list_min_items,
        max_words=settings.list_term_max_words,
        window=settings.negation_window_words,
        found=answer.positions,
    )
    return [_match_point(answer, point, statements, settings) for point in prepared.points]

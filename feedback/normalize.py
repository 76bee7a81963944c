"""Fold answer text and aliases alike for matching, remembering where each character came from.

Folding is NFKC (full-width forms, styled letters), case-folding, dropping spaces, dashes,
underscores and invisible format characters, then traditional → simplified Chinese with
OpenCC's "t2s". Every folded character keeps the span of original characters it came
from, so a match in folded text maps back to the exact characters the learner typed.
"""

import json
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import compress
from pathlib import Path

import opencc

OPENCC_CONFIG = "t2s"
# Separators that carry no meaning in a term: "paged attention" = "Paged-Attention".
IGNORED_CATEGORIES = frozenset({"Pd", "Pc", "Cf"})
# Every t2s dictionary key consists of these ideographs only (checked by a test), so a run
# of them can be converted on its own without changing what OpenCC would match.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text; character k came from original characters starts[k]:ends[k].

    `ends` is None when every folded character came from exactly one original character.
    """

    text: str
    starts: list[int]
    ends: list[int] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering folded characters start:end (end > start)."""
        last = end - 1
        return self.starts[start], self.ends[last] if self.ends else self.starts[last] + 1


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
# for a combining mark, which NFKC composes with the character before it.
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


# Latin-1 is known from the start, so an unknown character (≥ U+0100) left unchanged by
# translate makes the Latin-1 encoding of the lengths fail, and is learnt then.
_learn({chr(code) for code in range(256)})


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
        folded = _FOLDS[ord(char)]
        chars.extend(folded)
        starts.extend([index] * len(folded))
        ends.extend([index + 1] * len(folded))
    return "".join(chars), starts, ends


def _fold_unicode(text: str) -> tuple[str, list[int], list[int] | None]:
    """NFKC + case-fold + drop separators, with the index map (ends None: start + 1).

    str.translate folds each character and also writes its folded length as one byte;
    itertools.compress keeps the positions of characters that survive. No Python loop
    runs per character, so a 20,000-character answer folds in about a millisecond.
    """
    try:
        lengths = text.translate(_LENGTHS).encode("latin-1")
    except UnicodeEncodeError:
        _learn({char for char in set(text) if ord(char) not in _LENGTHS})
        lengths = text.translate(_LENGTHS).encode("latin-1")
    folded = text.translate(_FOLDS)
    if COMBINING in lengths:
        return _fold_by_cluster(text)
    starts = list(compress(range(len(text)), lengths))
    if EXPANSION.search(lengths):
        starts = _repeat_expanded(starts, lengths)
    return folded, starts, None


def _repeat_expanded(starts: list[int], lengths: bytes) -> list[int]:
    """Repeat the position of each expanding character (… → ...) once per folded character."""
    repeated: list[int] = []
    done = 0
    for expansion in EXPANSION.finditer(lengths):
        origin = expansion.start()
        index = bisect_left(starts, origin, done)
        repeated.extend(starts[done:index])
        repeated.extend([origin] * lengths[origin])
        done = index + 1
    repeated.extend(starts[done:])
    return repeated


@cache
def _converter() -> opencc.OpenCC:
    """The OpenCC converter, built once: loading its dictionaries takes a while."""
    return opencc.OpenCC(OPENCC_CONFIG)


def _dictionary_entries() -> list[tuple[str, str]]:
    """(traditional, simplified) pairs of the t2s dictionaries, first candidate only."""
    config_dir = Path(opencc.__file__).parent
    config = json.loads((config_dir / "config" / f"{OPENCC_CONFIG}.json").read_text())
    files = [
        item["file"] for chain in config["conversion_chain"] for item in chain["dict"]["dicts"]
    ]
    entries = []
    for name in files:
        for line in (config_dir / "dictionary" / name).read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            entries.append((key, values.split(" ")[0]))
    return entries


@cache
def _changing_chars() -> re.Pattern:
    """Characters some t2s entry changes; a run without any of them converts to itself.

    Beyond the Basic Multilingual Plane any character counts: a class listing the 354
    such ideographs makes `re` ~100 times slower, and converting a run too many is harmless.
    """
    changing = {
        key_char
        for key, value in _dictionary_entries()
        for key_char, value_char in zip(key, value, strict=False)
        if key_char != value_char and ord(key_char) <= 0xFFFF
    }
    return re.compile("[" + "".join(sorted(changing)) + "\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC, keeping every character in its place.

    OpenCC in pure Python takes ~20 ms per 20,000 characters, so only runs of ideographs
    that hold a character it would change are converted. Every t2s entry maps to a
    string of the same length (checked by a test); should one ever not, that run falls
    back to character-by-character conversion so the index map stays valid.
    """
    changing = _changing_chars()
    if not changing.search(text):
        return text
    converter = _converter()
    pieces = []
    last = 0
    for run in CJK_RUN.finditer(text):
        if not changing.search(run.group()):
            continue
        converted = converter.convert(run.group())
        if len(converted) != len(run.group()):
            converted = "".join(
                new if len(new := converter.convert(char)) == 1 else char for char in run.group()
            )
        pieces.append(text[last : run.start()])
        pieces.append(converted)
        last = run.end()
    pieces.append(text[last:])
    return "".join(pieces)


def fold(text: str) -> Folded:
    """Fold text for matching, with the map back to original character positions."""
    folded, starts, ends = _fold_unicode(text)
    return Folded(to_simplified(folded), starts, ends)


def fold_term(term: str) -> str:
    """Fold an alias or label the same way as answers (no index map needed)."""
    return to_simplified(_fold_unicode(term)[0])

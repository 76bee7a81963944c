"""Finding a Chinese term said in other words: its words apart, or a word in another form.

"训练效率" is also said "训练起来也比较高效": the alias's words (by jieba) may stand apart
in one clause, in order, at most `max_gap` characters between them, and a word may take a
form from WORD_VARIANTS (效率 ↔ 高效). Editors add phrases of their own per key point
(`synonyms`), with "…" where other words may come between: "训练…高效".
"""

import re
from functools import lru_cache

import jieba

from feedback.engine.chinese import CJK_RUN
from feedback.engine.normalize import fold_term

# Other forms of a word that say the same thing in a sentence: a noun and its adjective,
# a verb and its near twin. General Chinese, not any question's terms; editors add those
# per key point. Each entry works both ways.
_VARIANT_PAIRS = (
    ("效率", "高效"),
    ("降低", "减少"),
    ("减少", "减小"),
    ("降低", "下降"),
    ("增加", "提高"),
    ("提高", "提升"),
    ("加速", "加快"),
    ("稳定", "平稳"),
    ("相同", "一样"),
    ("一致", "一样"),
    ("不同", "不一样"),
)
WORD_VARIANTS: dict[str, tuple[str, ...]] = {}
for _first, _second in _VARIANT_PAIRS:
    WORD_VARIANTS[_first] = (*WORD_VARIANTS.get(_first, ()), _second)
    WORD_VARIANTS[_second] = (*WORD_VARIANTS.get(_second, ()), _first)
# A word of one character is in too many others to be found apart: "数据少" is not in
# "数据多少".
MIN_PIECE_CHARS = 2
# Where an editor's phrase lets other words come between its parts.
GAP_MARK = re.compile(r"…+|\.{3,}")
# A gap never crosses the end of a clause (folded text keeps this punctuation).
CLAUSE_MARK = re.compile(r"[，,。；;！!？?：:\n]")

Pieces = tuple[tuple[str, ...], ...]  # per part, in order: its folded forms


@lru_cache(maxsize=4096)
def alias_pieces(folded_alias: str) -> Pieces | None:
    """The parts of an all-Chinese alias that may stand apart, with their other forms;
    None when the alias has one word and no variant (plain matching finds it)."""
    if not CJK_RUN.fullmatch(folded_alias):
        return None
    words = [word for word in jieba.cut(folded_alias) if word.strip()]
    if len(words) > 1 and min(map(len, words)) < MIN_PIECE_CHARS:
        return None
    pieces = tuple((word, *WORD_VARIANTS.get(word, ())) for word in words)
    if len(pieces) < 2 and len(pieces[0]) < 2:
        return None
    return pieces


def phrase_pieces(phrase: str) -> Pieces:
    """An editor's phrase: its parts between gap marks, folded."""
    parts = (fold_term(part) for part in GAP_MARK.split(phrase))
    return tuple((part,) for part in parts if part)


def gapped_spans(folded: str, pieces: Pieces, max_gap: int) -> list[tuple[int, int]]:
    """Folded spans from the first part to the last, each part after the one before with
    at most `max_gap` characters and no clause end between them."""
    spans = []
    for first in pieces[0]:
        position = folded.find(first)
        while position >= 0:
            end = _rest_end(folded, pieces[1:], position + len(first), max_gap)
            if end is not None:
                spans.append((position, end))
            position = folded.find(first, position + 1)
    return spans


def _rest_end(folded: str, pieces: Pieces, start: int, max_gap: int) -> int | None:
    """Where the remaining parts end, each found soon enough after the one before."""
    for forms in pieces:
        window = folded[start : start + max_gap + max(map(len, forms))]
        if clause := CLAUSE_MARK.search(window):
            window = window[: clause.start()]
        found = [(at, form) for form in forms if (at := window.find(form)) >= 0]
        if not found:
            return None
        at, form = min(found)
        start = start + at + len(form)
    return start

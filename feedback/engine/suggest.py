"""Propose key points from a model answer, for an admin to confirm or edit.

Candidates are the heads of list items ("温度参数调整：…" gives 温度参数调整), bold and
`code` terms, and keywords that jieba's TF-IDF picks from the answer's text. The result
depends on the Markdown alone: same answer, same suggestions.
"""

import logging
import re
from dataclasses import dataclass

import jieba
import jieba.analyse
from markdown_it import MarkdownIt
from markdown_it.token import Token

from feedback.engine.normalize import fold_term

MAX_SUGGESTIONS = 12
KEYWORD_COUNT = 8
MIN_LABEL_CHARS = 2
MAX_LABEL_CHARS = 20
# Keywords must be rarer than this in jieba's general corpus (inverse document frequency;
# its median is 11.95): 显存 13.9 and 梯度 9.2 pass, 模型 6.8 and 生成 6.8 do not. jieba's
# part-of-speech tags would be the other filter, but they call 显存 a verb.
MIN_KEYWORD_IDF = 9.0
# How many of jieba's best keywords are looked at before the IDF filter.
KEYWORD_POOL = 30
# A list item's term ends where its explanation starts.
HEAD_END = re.compile(r"[：:，,。；;！!？?]")
# "键值缓存（KV cache）": the term and its other name.
PARENTHESISED = re.compile(r"^(?P<term>.+?)\s*[（(](?P<other>[^（）()]+)[）)]$")
# A parenthesis that gives examples names no second term: "投影（如 LLaVA）".
EXAMPLE_MARKERS = ("如", "例如", "比如", "e.g.", "eg", "such as")

jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading on first use
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TFIDF = jieba.analyse.TFIDF()  # jieba's own IDF table, loaded once


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed key point: a short label and one alias group."""

    label: str
    aliases: tuple[str, ...]
    source: str  # "list", "bold", "code" or "keyword"

    def as_key_point(self) -> dict:
        """The key-point JSON shape, for the admin to confirm or edit: a Latin term (the
        label or an alias in Latin letters) is the English label, a Chinese one the
        Chinese label; a term with no Chinese name keeps its own in Chinese text (as
        "KV cache" does), and one with no Latin name leaves the English label to the
        editor."""
        latin = [alias for alias in (self.label, *self.aliases) if _is_latin(alias)]
        chinese = [alias for alias in (self.label, *self.aliases) if not _is_latin(alias)]
        return {
            "label_zh": chinese[0] if chinese else self.label,
            "label_en": latin[0] if latin else "",
            "essential": False,
            "aliases": [list(self.aliases)],
        }


def _is_latin(term: str) -> bool:
    """Written in Latin letters (with digits and punctuation): "KV cache", "Q(s,a)"."""
    return term.isascii() and any(character.isalpha() for character in term)


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: text and code, without Markdown markers."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _terms(children: list[Token]) -> list[tuple[str, str]]:
    """(source, text) of the bold and code terms of an inline token."""
    terms, bold, depth = [], [], 0
    for child in children:
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
            if depth == 0:
                terms.append(("bold", "".join(bold)))
                bold = []
        elif child.type == "code_inline":
            terms.append(("code", child.content))
            if depth:
                bold.append(child.content)
        elif depth and child.type == "text":
            bold.append(child.content)
    return terms


def _candidate(label: str, source: str) -> Suggestion | None:
    """A suggestion from a term, splitting "term (other name)"; None if not term-sized."""
    label = label.strip().strip("\"'“”‘’「」《》*")
    aliases = (label,)
    if parts := PARENTHESISED.match(label):
        term, other = parts["term"].strip(), parts["other"].strip()
        label = term
        aliases = (term,) if other.lower().startswith(EXAMPLE_MARKERS) else (term, other)
    if not MIN_LABEL_CHARS <= len(label) <= MAX_LABEL_CHARS or not fold_term(label):
        return None
    return Suggestion(label, aliases, source)


def _structure(markdown: str) -> tuple[str, list[Suggestion]]:
    """The answer's plain text, and candidates from list heads, bold and code, in order."""
    texts: list[str] = []
    found: list[Suggestion] = []
    item_head_pending = False
    for token in _PARSER.parse(markdown):
        if token.type == "list_item_open":
            item_head_pending = True
        if token.type != "inline":
            continue
        text = _inline_text(token)
        texts.append(text)
        if item_head_pending:
            item_head_pending = False
            head = HEAD_END.split(text, maxsplit=1)[0]
            found.append(_candidate(head, "list"))
        found.extend(_candidate(term, source) for source, term in _terms(token.children or []))
    return "\n".join(texts), [candidate for candidate in found if candidate]


def _keywords(text: str) -> list[Suggestion]:
    """jieba's TF-IDF keywords, best first, without words common in any text."""
    idf, median = _TFIDF.idf_freq, _TFIDF.median_idf
    words = _TFIDF.extract_tags(text, topK=KEYWORD_POOL)
    found = (
        _candidate(word, "keyword") for word in words if idf.get(word, median) >= MIN_KEYWORD_IDF
    )
    return [candidate for candidate in found if candidate][:KEYWORD_COUNT]


def markdown_text(markdown: str) -> str:
    """The plain text of Markdown: no markers, link targets or code blocks."""
    return _structure(markdown)[0]


def suggest_key_points(markdown: str) -> list[Suggestion]:
    """Candidate key points of a model answer: deduplicated, capped, in the answer's order.

    Structural terms (list heads, bold, code) come before keywords when the cap bites; a
    keyword already inside a structural term is left out.
    """
    text, structural = _structure(markdown)
    chosen: list[Suggestion] = []
    seen: set[str] = set()
    for candidate in structural + _keywords(text):
        key = fold_term(candidate.label)
        if key in seen or (
            candidate.source == "keyword"
            and any(key in fold_term(alias) for other in chosen for alias in other.aliases)
        ):
            continue
        seen.add(key)
        chosen.append(candidate)
    chosen = chosen[:MAX_SUGGESTIONS]
    folded_text = fold_term(text)
    return sorted(chosen, key=lambda candidate: _position(folded_text, candidate))


def _position(folded_text: str, candidate: Suggestion) -> int:
    """Where a candidate first appears in the answer (folded alike); unknown ones go last."""
    position = folded_text.find(fold_term(candidate.label))
    return position if position >= 0 else len(folded_text)

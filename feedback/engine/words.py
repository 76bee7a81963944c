"""Counting words of answer text: jieba for Chinese, runs of letters for Latin."""

import logging
import re
from collections.abc import Callable

import jieba

from feedback.engine.chinese import CJK_RUN

jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading on first use

# "1. ", "2）", "(3)", "- ", "• " before a list item are not words of it.
ITEM_MARKER = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}[.)）、]\s*|[（(]\d{1,2}[)）]\s*)")
# Segmenting is slow, so text is first measured cheaply: a jieba word rarely has more than
# this many Chinese characters (98% of its dictionary has at most four), and a run of
# Latin letters is at least one word. An item longer than `max_words` by that measure is
# a statement without asking jieba.
CJK_WORD_MAX_CHARS = 4
LATIN_WORD = re.compile(r"[A-Za-z]+")


# A letter or digit of any script: what str.isalnum accepts, found by `re` in one call.
ALNUM = re.compile(r"[^\W_]")

Words = Callable[[str], list[str]]


def segment(text: str) -> list[str]:
    """The words of the text by jieba, without punctuation and spaces."""
    return [token for token in jieba.cut(text) if ALNUM.search(token)]


def word_count(text: str, words: Words = segment) -> int:
    """How many words jieba finds in the text, not counting punctuation and spaces."""
    return len(words(text))


def more_words_than(text: str, limit: int) -> bool:
    """Whether jieba would surely find more than `limit` words in the text (a cheap bound)."""
    chinese = sum(map(len, CJK_RUN.findall(text))) / CJK_WORD_MAX_CHARS
    return chinese > limit or chinese + len(LATIN_WORD.findall(text)) > limit

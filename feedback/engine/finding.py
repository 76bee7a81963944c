"""Every occurrence of many literal strings in one pass over a text.

A key-point list has up to a few hundred aliases; `str.find` per alias reads a long answer
once per alias. Here the aliases become one regular expression shaped as a trie (one
branch per next character, so `re` rejects a position after a few comparisons), which
finds the longest alias starting at each position; every other alias starting there is a
prefix of it. Together they are exactly what `str.find` per alias, stepping one
character past each hit, would find.
"""

import re
from collections.abc import Iterable

# `re` tries a trie's first branches one after the other at each place where one might
# start, so a few patterns with fewer first characters each read a long text faster than
# one with all of them (measured on the bench answer: 1.0 ms with one pattern for 90 first
# characters, 0.6 ms with four).
FIRST_CHARS_PER_PATTERN = 24


class Finder:
    """Finds every (overlapping) occurrence of each of a set of non-empty strings."""

    def __init__(self, words: Iterable[str]):
        words = sorted(set(words))
        firsts = sorted({word[0] for word in words})
        chunks = [
            set(firsts[start : start + FIRST_CHARS_PER_PATTERN])
            for start in range(0, len(firsts), FIRST_CHARS_PER_PATTERN)
        ]
        # Words of one pattern share no first character with those of another, so each
        # word, and every word that is a prefix of it, is found by one pattern only.
        self._patterns = [
            re.compile(_trie_pattern([word for word in words if word[0] in chunk]))
            for chunk in chunks
        ]
        # The words that are prefixes of a word, itself included, shortest first.
        self._prefixes = {
            word: tuple(other for other in words if word.startswith(other)) for word in words
        }

    def positions(self, text: str) -> dict[str, list[int]]:
        """Where each word occurs in the text, in order; words that do not occur are absent."""
        found: dict[str, list[int]] = {}
        prefixes = self._prefixes
        for pattern in self._patterns:
            search = pattern.search
            position = 0
            while hit := search(text, position):
                position = hit.start()
                for word in prefixes[hit.group()]:
                    found.setdefault(word, []).append(position)
                position += 1
        return found


def _trie_pattern(words: list[str]) -> str:
    """A pattern matching the longest of the words at a position (the words as a trie)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _node_pattern(root)


def _node_pattern(node: dict) -> str:
    """The pattern for what may follow a trie node: a longer word first, else the end.

    A run of nodes with one child each is written out as one literal, so recursion goes
    only as deep as the branching (a long alias does not reach Python's recursion limit).
    """
    chain = ""
    while len(node) == 1 and "" not in node:
        [(char, node)] = node.items()
        chain += re.escape(char)
    branches = [re.escape(char) + _node_pattern(child) for char, child in node.items() if char]
    if not branches:
        return chain
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return chain + (f"(?:{body})?" if "" in node else body)

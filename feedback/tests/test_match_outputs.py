"""The matcher's shortcuts change no output: each is compared with the plain code it stands for.

The plain versions below are the matcher as it was before its speed-ups (one str.find per
alias, lengths by str.translate, the list and dump rules checked piece by piece in order).
With them swapped in, match_key_points must say exactly the same on every labelled answer,
model answer, the bench answer and the edge cases of feedback.eval.match_outputs.
"""

import random
import re
import unicodedata

import jieba
import pytest

from feedback.engine import chinese, finding, normalize, statements
from feedback.engine.dumps import (
    DUMP_MIN_EXTRA_ITEMS,
    DUMP_SEPARATOR,
    LATIN_PREDICATE_FORM,
    PREDICATE_WORDS_LATIN,
    PREDICATE_WORDS_ZH,
    is_term_dump,
)
from feedback.engine.normalize import IDEOGRAPHS, fold, fold_term
from feedback.engine.statements import LIST_SEPARATOR, is_bare_list
from feedback.engine.words import ALNUM, ITEM_MARKER, more_words_than
from feedback.eval.data import load_bank
from feedback.eval.files import ANSWERS, ANSWERS_NEW, FIXTURE, METADATA
from feedback.eval.match_outputs import outputs


def plain_positions(words, text: str) -> dict[str, list[int]]:
    """Every occurrence of each word, by str.find, stepping one character past each."""
    found = {}
    for word in set(words):
        position = text.find(word)
        while position >= 0:
            found.setdefault(word, []).append(position)
            position = text.find(word, position + 1)
    return found


def plain_lengths(text: str) -> bytes:
    """Each character's folded length by str.translate, every character learnt first."""
    normalize._learn({char for char in set(text) if ord(char) not in normalize._LENGTHS})
    return text.translate(normalize._LENGTHS).encode("latin-1")


class PlainByLengths:
    """The index map as a list of every folded character's original position."""

    def __init__(self, lengths: bytes):
        self.starts = [index for index, length in enumerate(lengths) for _ in range(length)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.starts[end - 1] + 1


def plain_words(text: str) -> list[str]:
    return [token for token in jieba.cut(text) if any(char.isalnum() for char in token)]


def plain_term_dump(sentence: str, min_items: int, max_words: int, words=None) -> bool:
    raw = DUMP_SEPARATOR.split(sentence)
    needed = min_items + DUMP_MIN_EXTRA_ITEMS
    if len(raw) < needed or more_words_than(max(raw, key=len), max_words):
        return False
    pieces = [ITEM_MARKER.sub("", piece) for piece in raw]
    pieces = [piece for piece in pieces if any(char.isalnum() for char in piece)]
    if len(pieces) < needed or any(more_words_than(piece, max_words) for piece in pieces):
        return False
    for piece in pieces:
        if piece.isascii():
            if piece.lower() in PREDICATE_WORDS_LATIN or LATIN_PREDICATE_FORM.fullmatch(piece):
                return False
            continue
        found = plain_words(piece)
        if len(found) > max_words or PREDICATE_WORDS_ZH.intersection(found):
            return False
    return True


def plain_separated_list(sentence: str, min_items: int, max_words: int) -> bool:
    items = [item for item in LIST_SEPARATOR.split(sentence) if item.strip()]
    if len(items) < min_items or any(more_words_than(item, max_words) for item in items):
        return False
    return all(len(plain_words(ITEM_MARKER.sub("", item))) <= max_words for item in items)


def plain_bare_list(sentence: str, min_items: int, max_words: int, words=None) -> bool:
    return plain_separated_list(sentence, min_items, max_words) or plain_term_dump(
        sentence, min_items, max_words
    )


def test_every_output_is_what_the_plain_matcher_gives(monkeypatch):
    bank = load_bank(METADATA, FIXTURE)
    fast = outputs(bank, [ANSWERS, ANSWERS_NEW])
    monkeypatch.setattr(
        finding.Finder, "positions", lambda self, text: plain_positions(self._prefixes, text)
    )
    monkeypatch.setattr(normalize, "_lengths", plain_lengths)
    monkeypatch.setattr(normalize, "_ByLengths", PlainByLengths)
    monkeypatch.setattr(statements, "is_bare_list", plain_bare_list)
    plain = outputs(bank, [ANSWERS, ANSWERS_NEW])
    assert len(fast) > 8000
    assert sum(match["found"] for record in fast for match in record["matches"]) > 10000
    assert fast == plain


@pytest.mark.parametrize("per_pattern", [1, 2, finding.FIRST_CHARS_PER_PATTERN])
def test_the_finder_finds_what_str_find_finds(monkeypatch, per_pattern):
    monkeypatch.setattr(finding, "FIRST_CHARS_PER_PATTERN", per_pattern)
    rng = random.Random(per_pattern)
    alphabet = "abc中文.*("
    for _ in range(2000):
        words = ["".join(rng.choices(alphabet, k=rng.randint(1, 4))) for _ in range(6)]
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        assert finding.Finder(words).positions(text) == plain_positions(words, text)


def test_a_long_alias_does_not_reach_the_recursion_limit():
    word = "注意力" * 1000
    assert finding.Finder([word, "注意"]).positions(word) == plain_positions([word, "注意"], word)


def test_ideographs_fold_to_themselves():
    # What lets folding skip looking them up, and lets translate leave them unlearnt.
    for char in re.findall(f"[{IDEOGRAPHS}]", "".join(map(chr, range(0x3400, 0xA000)))):
        assert normalize._fold_cluster(char) == char
        assert not unicodedata.combining(char)


def test_alnum_pattern_is_str_isalnum():
    chars = "".join(map(chr, range(0x30000)))
    assert [bool(ALNUM.match(char)) for char in chars] == [char.isalnum() for char in chars]


def test_lengths_and_index_maps_are_those_of_the_plain_fold(monkeypatch):
    alphabet = list("aZ 1-_.，（）：é…ﬁ½ß鍵值緩存𝗣\u3000\u200b—㍿①α\u0301\ud800Ωﾀ")
    rng = random.Random(11)
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 80))) for _ in range(1500)]
    texts += ["…" * 9 + "abc" + "ﬁ" * 3, "  a…b  ", "…", " ", "ﬁ a ﬁ"]
    texts += ["".join(rng.choices("a …ﬁ½-", k=rng.randint(0, 300))) for _ in range(300)]

    def described(text: str) -> tuple:
        folded = fold(text)
        size = len(folded.text)
        spans = [folded.original_span(k, k + 1) for k in range(size)]
        wide = [folded.original_span(k, min(k + 5, size)) for k in range(size)]
        return normalize._lengths(text), folded.text, spans, wide

    fast = [described(text) for text in texts]
    monkeypatch.setattr(normalize, "_lengths", plain_lengths)
    monkeypatch.setattr(normalize, "_ByLengths", PlainByLengths)
    assert fast == [described(text) for text in texts]
    assert fold("ＫＶ…Cache").text == fold_term("kv...cache")
    assert fold(" a…b").starts == [1, 2, 2, 2, 3]


def test_list_and_dump_rules_agree_with_the_plain_rules():
    pieces = [
        "LoRA",
        "KV cache",
        "the",
        "poorly",
        "POORLY",
        "freeze",
        "to_qkv",
        "O(N^2)",
        "a.b.c.d",
        "1.2.3.4.5.6.7.8",
        "低秩",
        "冻结",
        "是",
        "注意力机制",
        "减少随机采样能少一些胡编",
        "显存和存储开销都小得多",
        "W₀x",
        "r)·BAx",
        "1）",
        "（2）",
        "- ",
        "•",
        "3.",
        "",
    ]
    separators = [" ", "、", "，", "；", "/", "\n", " / ", "  ", ""]
    rng = random.Random(5)
    for _ in range(3000):
        parts = rng.choices(pieces, k=rng.randint(1, 9))
        sentence = "".join(part + rng.choice(separators) for part in parts)
        for max_words in (2, 3, 4):
            expected = plain_term_dump(sentence, 3, max_words)
            assert is_term_dump(sentence, 3, max_words) == expected, sentence
            expected = plain_bare_list(sentence, 3, max_words)
            assert is_bare_list(sentence, 3, max_words) == expected, sentence


def test_a_numbered_item_of_dotted_numbers_is_judged_as_latin():
    # "1）" comes off before the dump rule asks whether a piece is Latin.
    assert is_term_dump("1）1.2.3.4.5.6.7.8 LoRA 冻结 显存 注意力", 3, 3)


def test_cues_found_with_the_aliases_are_those_the_cue_pattern_finds():
    rng = random.Random(7)
    alphabet = [
        "no",
        "not",
        "n't",
        "know",
        "never",
        "不",
        "不是",
        "并不",
        "没有",
        "是",
        " ",
        "，",
        "a",
        "X",
    ]
    finder = finding.Finder(statements.negation_cue_words())
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 20)))
        folded = fold(text)
        found = finder.positions(folded.text)
        expected = statements.negation_cue_ends(text, folded)
        assert statements.negation_cue_ends(text, folded, found) == expected, text


def test_lengths_are_the_plain_ones_whether_few_or_many_characters_are_looked_up():
    # Few: Chinese and Latin with a stray letter of another script; many: Cyrillic, Hangul,
    # kana, emoji, an expansion (…) and a combining mark among them.
    rng = random.Random(7)
    common = "注意力机制 attention，。"
    others = "ЯжыкКорея한국어かなカナ😀𝗣…\u0301ﷺ"
    for share in (0.01, 0.1, 0.5, 0.9):
        for _ in range(300):
            text = "".join(
                rng.choice(others) if rng.random() < share else rng.choice(common)
                for _ in range(rng.randint(0, 60))
            )
            assert normalize._lengths(text) == plain_lengths(text), text


def test_emoji_leave_the_traditional_chinese_check_alone_astral_ideographs_do_not():
    astral = [key for key, value in chinese.t2s_entries() if len(key) == 1 and ord(key) > 0xFFFF]
    assert astral
    assert all(chinese._changing_chars().search(key) for key in astral)
    assert not chinese._changing_chars().search("😀𝗣🀄" * 100)

import random

from feedback.engine.chinese import CJK_RUN, _converter, t2s_entries, to_simplified
from feedback.engine.normalize import fold, fold_term


def test_every_t2s_entry_keeps_its_length_and_holds_only_ideographs():
    # What lets converted text keep the index map, and lets runs convert on their own.
    entries = t2s_entries()
    assert len(entries) > 4000
    assert all(len(key) == len(value) for key, value in entries)
    assert all(CJK_RUN.fullmatch(key) for key, _ in entries)


def test_converting_only_changing_runs_equals_converting_everything():
    # Phrases (瞭解 → 了解, 乾隆 stays) and single characters, among Latin text and
    # simplified runs that the shortcut leaves alone.
    text = "我不瞭解 KV 快取；乾隆年間，他說：鍵值緩存與注意力機制。simplified 已经是简体。𠮷野家"
    assert to_simplified(text) == _converter().convert(text)
    assert to_simplified("已经是简体，no change") == "已经是简体，no change"


def test_folding_in_one_pass_equals_folding_character_by_character():
    alphabet = list("aZ ｆＵ-_é…ﬁ½ß鍵值緩存𝗣\u3000\u200b—")
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        folded = fold(text)
        by_char = [(fold_term(char), index) for index, char in enumerate(text)]
        assert folded.text == "".join(chars for chars, _ in by_char)
        assert folded.starts == [index for chars, index in by_char for _ in chars]


def test_folding_drops_separators_and_invisible_characters():
    assert fold_term("Paged‐Attention\u200b_v２ ") == "pagedattentionv2"

"""Term dumps: a run of short terms separated by spaces (or anything) states nothing.

"O(N^2) 局部注意力 近似 低秩 哈希" makes no statement about any of its terms, whatever
separates them; "freeze 掉 base model" and "LoRA freezes the base model" do, and tell
themselves apart by a closed-class word that only a clause uses.
"""

import re

from feedback.engine.chinese import CJK_RUN
from feedback.engine.words import ALNUM, ITEM_MARKER, Words, more_words_than, segment

# A term dump separates its terms by spaces (or slashes) as well: "O(N^2) 局部注意力 近似
# 低秩 哈希", "BatchNorm LayerNorm batch维 特征维".
DUMP_SEPARATOR = re.compile(r"[、，,；;|/\s]+")
# What makes a run of short pieces a statement rather than a term dump: a closed-class
# word that only a clause uses (a copula, a preposition, a particle, an auxiliary, a
# pronoun). "freeze 掉 base model" and "LoRA freezes the base model" hold one; "W0 冻结
# ΔW=BA 低秩" does not. Chinese words are compared with jieba's words of each piece, Latin
# ones (English and the pinyin of the same function words) with whole words.
_PREDICATE_WORDS_ZH_TEXT = (
    "是 有 在 把 被 让 用 会 能 要 就 都 只 也 还 了 的 得 地 着 过 和 跟 与 对 给 "
    "从 到 为 因为 所以 如果 但 但是 而 而且 可以 需要 不 没 很 更 最 它 他 她 我 你 "
    "这 那 这个 那个 掉 来 去 做 叫 等于 表示 比 越 先 再 后 还是 或 或者 什么 "
    "为什么 怎么 如何 看 选 主要 一般 通常 其实 然后 之后 以后 之前 呃 嗯 啊 吧 呢 "
    "就是 那么"
)
PREDICATE_WORDS_ZH = frozenset(_PREDICATE_WORDS_ZH_TEXT.split())
_PREDICATE_WORDS_LATIN_TEXT = (
    "is are was were be been being has have had do does did can could will would "
    "should may might must the an of to in on at by for with from into onto as than "
    "that this these those it its they them we you he she and or but so if then "
    "because which who when where while not no makes make uses use gets get too also "
    "just only very matter matters shi you zai ba bei rang yong hui neng yao jiu dou "
    "zhi ye de le he gen dui gei cong keyi xuyao bu mei hen geng zhe na diao"
)
PREDICATE_WORDS_LATIN = frozenset(_PREDICATE_WORDS_LATIN_TEXT.split())
# A term dump needs one piece more than a list: three words side by side are often a short
# phrase ("virtual token only", "K V cache"), while the dumps seen have five to nine terms.
DUMP_MIN_EXTRA_ITEMS = 1
# An English adverb or past participle ("poorly", "specified") belongs to a clause too.
LATIN_PREDICATE_FORM = re.compile(r"[A-Za-z]{3,}(?:ly|ed)")


def is_term_dump(sentence: str, min_items: int, max_words: int, words: Words = segment) -> bool:
    """Whether the sentence is `min_items` or more short terms separated by anything,
    spaces included, with no word that only a clause would use (PREDICATE_WORDS_*).
    `words` segments a piece (`words.segment`, or a memo of it)."""
    raw = DUMP_SEPARATOR.split(sentence)
    # Most sentences are statements with a long piece: found with one cheap measure (list
    # markers hold no letters, so they never tip it).
    if more_words_than(max(raw, key=len), max_words):
        return False
    return is_dump_of_pieces(sentence, raw, min_items, max_words, words)


def is_dump_of_pieces(
    sentence: str, raw: list[str], min_items: int, max_words: int, words: Words
) -> bool:
    """`is_term_dump` for a sentence already split (`raw`: DUMP_SEPARATOR.split(sentence))
    whose longest piece is known to be short."""
    needed = min_items + DUMP_MIN_EXTRA_ITEMS
    if len(raw) < needed:
        return False
    # Every piece must pass every test below, so the order they are tried in changes
    # nothing but the time: the piece with the longest run of Chinese, the likeliest to be
    # a clause, is segmented first (a run of ideographs lies within one piece).
    if run := max(CJK_RUN.findall(sentence), key=len, default=""):
        chinese = ITEM_MARKER.sub("", next(piece for piece in raw if run in piece))
        if not _chinese_piece_is_term(chinese, max_words, words):
            return False
    # A piece holds no spaces, so of the list markers only a number ("1.", "(2)") can
    # start it: a piece starting otherwise is left as it is without asking `re`.
    pieces = [
        ITEM_MARKER.sub("", piece) if piece[:1].isdecimal() or piece[:1] in ("(", "（") else piece
        for piece in raw
    ]
    pieces = [piece for piece in pieces if ALNUM.search(piece)]
    if len(pieces) < needed:
        return False
    # A Latin clause word is found by looking it up, so before measuring every piece; a
    # whole word only: "to_qkv" and "O(N^2)" are names, not "to" and "O".
    for piece in pieces:
        if piece.isascii() and (
            piece.lower() in PREDICATE_WORDS_LATIN or LATIN_PREDICATE_FORM.fullmatch(piece)
        ):
            return False
    if any(more_words_than(piece, max_words) for piece in pieces):
        return False
    return all(
        _chinese_piece_is_term(piece, max_words, words) for piece in pieces if not piece.isascii()
    )


def _chinese_piece_is_term(piece: str, max_words: int, words: Words) -> bool:
    """Whether a piece with Chinese in it has at most `max_words` words, none a clause word."""
    found = words(piece)
    return len(found) <= max_words and not PREDICATE_WORDS_ZH.intersection(found)

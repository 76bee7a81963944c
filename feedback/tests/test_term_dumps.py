"""A run of terms separated by spaces (or anything else) states nothing (issue 21)."""

import pytest

from feedback.engine.dumps import is_term_dump
from feedback.engine.matching import KeyPoint, match_key_points

POINTS = [
    KeyPoint("复杂度", "complexity", True, (("O(N^2)", "N^2", "平方"),)),
    KeyPoint("局部注意力", "local attention", False, (("局部", "local"),)),
    KeyPoint("低秩", "low rank", False, (("低秩", "low-rank"),)),
    KeyPoint("哈希", "hashing", False, (("哈希", "hash", "LSH"),)),
]


@pytest.mark.parametrize(
    "text",
    [
        "O(N^2) 局部注意力 近似 低秩 哈希",
        "O(N^2)　局部注意力　近似　低秩　哈希",  # ideographic spaces
        "O(N^2) / 局部注意力 / 低秩 / 哈希",
        "N^2 local attention low-rank LSH",
        "平方 局部 低秩 哈希",
    ],
)
def test_a_term_dump_credits_nothing(text):
    assert [match.found for match in match_key_points(text, POINTS)] == [False] * 4


@pytest.mark.parametrize(
    "text",
    [
        "复杂度是 O(N^2)，可以用局部注意力、低秩分解或者哈希分桶来降。",
        "freeze 掉 base model 只 train 低秩 的两个 matrix",
        "It uses local attention and low-rank projections",
        "选 Chat 还是 Base 主要看 SFT 数据量。",
    ],
)
def test_statements_with_spaces_are_no_dump(text):
    assert not is_term_dump(text, 3, 4)


def test_a_dump_line_after_a_real_answer_only_loses_its_own_terms():
    text = "标准注意力的计算量随长度平方增长。\n局部 低秩 哈希 近似"
    assert [match.found for match in match_key_points(text, POINTS)] == [True, False, False, False]

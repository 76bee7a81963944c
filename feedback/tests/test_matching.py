import pytest

from feedback.engine.matching import (
    FUZZY_MIN_LETTERS,
    NEGATION_WINDOW_WORDS,
    KeyPoint,
    PointMatch,
    match_key_points,
)


def point(*groups: list[str], essential: bool = False) -> KeyPoint:
    return KeyPoint("要点", "point", essential, tuple(tuple(group) for group in groups))


def highlighted(text: str, match: PointMatch) -> list[str]:
    return [text[start:end] for start, end in match.spans]


def test_same_input_gives_same_output():
    points = [point(["KV cache", "键值缓存"]), point(["attention"]), point(["LoRA"])]
    text = "推理时用 KV cache（键值缓存），注意力 attetion 的开销随长度增长。"
    first = match_key_points(text, points)
    assert first == match_key_points(text, list(points))
    assert first == match_key_points(text, tuple(points))
    assert [m.found for m in first] == [True, True, False]


def test_key_point_reads_and_writes_the_json_shape():
    data = {
        "label_zh": "键值缓存",
        "label_en": "KV cache",
        "essential": True,
        "aliases": [["KV cache", "键值缓存"], ["重复计算"]],
    }
    key_point = KeyPoint.from_dict(data)
    assert key_point.groups == (("KV cache", "键值缓存"), ("重复计算",))
    assert key_point.as_dict() == data


@pytest.mark.parametrize(
    "text",
    ["PagedAttention", "paged attention", "Paged-Attention", "paged_attention", "PAGED  ATTENTION"],
)
@pytest.mark.parametrize("alias", ["PagedAttention", "paged attention"])
def test_case_spaces_dashes_and_underscores_are_ignored(text, alias):
    answer = f"vLLM 用 {text} 管理显存。"
    [match] = match_key_points(answer, [point([alias])])
    assert match.found
    assert highlighted(answer, match) == [text]


def test_full_width_letters_match_and_highlight_as_typed():
    answer = "使用ＫＶ　ｃａｃｈｅ加速"
    [match] = match_key_points(answer, [point(["kv cache"])])
    assert highlighted(answer, match) == ["ＫＶ　ｃａｃｈｅ"]


def test_styled_letters_match_and_highlight_as_typed():
    answer = "先做 𝗣𝗿𝗲-𝘁𝗿𝗮𝗶𝗻𝗶𝗻𝗴，再做 SFT。"
    [match] = match_key_points(answer, [point(["pretraining", "预训练"])])
    assert highlighted(answer, match) == ["𝗣𝗿𝗲-𝘁𝗿𝗮𝗶𝗻𝗶𝗻𝗴"]


def test_traditional_chinese_matches_simplified_aliases_and_back():
    answer = "推理時把鍵值緩存留在顯存裡。"
    [simplified_alias, traditional_alias] = match_key_points(
        answer, [point(["键值缓存"]), point(["顯存"])]
    )
    assert highlighted(answer, simplified_alias) == ["鍵值緩存"]
    assert highlighted(answer, traditional_alias) == ["顯存"]
    [match] = match_key_points("键值缓存", [point(["鍵值緩存"])])
    assert match.found


def test_spans_point_into_the_original_after_length_changing_characters():
    # "……" folds to six dots and "ﬁ" to two letters, and the spaces vanish: every span
    # must still cut the original exactly.
    answer = "呃……之后 ﬁne-tuning ，然后 K V  cache 。"
    fine_tuning, kv_cache = match_key_points(answer, [point(["fine tuning"]), point(["kvcache"])])
    assert highlighted(answer, fine_tuning) == ["ﬁne-tuning"]
    assert highlighted(answer, kv_cache) == ["K V  cache"]


def test_spans_cover_combining_accents():
    # e + a combining accent is one letter é after NFKC, as is the precomposed é.
    answer = "……café and café"
    [match] = match_key_points(answer, [point(["CAFÉ"])])
    assert highlighted(answer, match) == ["café", "café"]


def test_every_group_must_match_and_any_alias_of_a_group_will_do():
    speculative = point(["speculative decoding", "投机解码"], ["draft model", "草稿模型"])
    only_one_group = "投机解码可以加速生成。"
    assert match_key_points(only_one_group, [speculative]) == [PointMatch(found=False)]
    both = "投机解码用一个草稿模型先猜，大模型再验证；speculative decoding 很快。"
    [match] = match_key_points(both, [speculative])
    assert match.found
    assert highlighted(both, match) == ["投机解码", "草稿模型", "speculative decoding"]


def test_overlapping_alias_occurrences_are_merged():
    answer = "分页注意力机制"
    [match] = match_key_points(answer, [point(["分页注意力", "注意力机制"])])
    assert match.spans == ((0, 7),)


def test_a_typo_in_a_long_english_alias_is_forgiven():
    answer = "The attetion weights are softmaxed; speculatvie decoding uses a draft; qunatization."
    attention, speculative, quantization = match_key_points(
        answer, [point(["attention"]), point(["speculative decoding"]), point(["quantization"])]
    )
    assert highlighted(answer, attention) == ["attetion"]
    assert highlighted(answer, speculative) == ["speculatvie decoding"]
    assert highlighted(answer, quantization) == ["qunatization"]


def test_a_misspelling_is_about_as_long_as_the_alias():
    # One letter more or fewer is a typo; "frozen" is not "unfrozen", nor "alignment"
    # "alignment tax".
    answer = "Weights stay frozen, which costs some alignment."
    assert [
        m.found for m in match_key_points(answer, [point(["unfrozen"]), point(["alignment tax"])])
    ] == [False, False]


def test_short_english_aliases_must_match_exactly():
    assert len("RLHF") < FUZZY_MIN_LETTERS
    answer = "We used RLHS and LoRB adapters."
    assert [m.found for m in match_key_points(answer, [point(["RLHF"]), point(["LoRA"])])] == [
        False,
        False,
    ]


def test_a_misspelling_must_be_a_whole_word_not_the_start_of_another():
    assert match_key_points("prefilling is done first", [point(["prefix"])]) == [
        PointMatch(found=False)
    ]
    [match] = match_key_points("a prefx is prepended", [point(["prefix"])])
    assert match.found


def test_english_aliases_start_a_word():
    # "lora" hides inside "exploration"; a camelCase word still starts at its capital.
    exploration, paged = match_key_points(
        "Exploration matters; PagedAttention too.", [point(["LoRA"]), point(["attention"])]
    )
    assert not exploration.found
    assert paged.found


def test_empty_answer_finds_nothing():
    points = [point(["KV cache"]), point(["attention"])]
    for text in ("", "   \n\t"):
        assert match_key_points(text, points) == [PointMatch(found=False)] * 2
    assert match_key_points("anything", []) == []


def test_a_point_without_groups_or_usable_aliases_is_never_found():
    assert match_key_points("- _ -", [point(), point(["-", " "])]) == [PointMatch(found=False)] * 2


LORA = point(["LoRA", "低秩", "low-rank"])
FROZEN = point(["冻结", "freeze", "frozen"])
SAMPLING = point(["temperature", "top-k", "top-p", "温度", "采样"])


def found(text: str, points: list[KeyPoint]) -> list[bool]:
    return [match.found for match in match_key_points(text, points)]


@pytest.mark.parametrize(
    "text",
    [
        "LoRA、低秩、冻结、rank、alpha",
        "LoRA; low-rank; freeze; merge",
        "LoRA, low-rank, frozen, rank.",
        "- LoRA\n- 低秩矩阵\n- 冻结原模型\n",
        "1. LoRA\n2. 低秩\n3. 冻结",
        "關鍵詞：LoRA、低秩、凍結",
    ],
)
def test_a_bare_list_of_terms_makes_no_point(text):
    assert found(text, [LORA, FROZEN]) == [False, False]


@pytest.mark.parametrize(
    "text",
    [
        "LoRA 冻结原模型，只训练旁路的低秩矩阵。",
        "先冻结原模型，再训练 LoRA。",  # two short clauses are a statement, not a list
        "LoRA freezes the base model and trains a low-rank update.",
        "冻结原模型，在 q、k、v 的投影旁加低秩矩阵，只训练这两个小矩阵。",
    ],
)
def test_terms_in_a_statement_make_points(text):
    assert found(text, [LORA, FROZEN]) == [True, True]


def test_only_the_list_sentence_of_an_answer_is_discounted():
    text = "LoRA 在训练时冻结原模型的权重。关键词：温度、top-k、top-p、beam search。"
    lora, frozen, sampling = match_key_points(text, [LORA, FROZEN, SAMPLING])
    assert lora.found and frozen.found
    assert not sampling.found
    assert highlighted(text, frozen) == ["冻结"]


@pytest.mark.parametrize(
    "text",
    [
        "LoRA 并不冻结原模型，原权重也一起更新。",
        "LoRA 不需要冻结原模型。",
        "LoRA 並不凍結原模型。",  # traditional characters
        "LoRA does not freeze the base model.",
        "LoRA doesn't freeze the base model.",
        "LoRA trains the base model without a frozen copy.",
    ],
)
def test_a_negated_alias_does_not_count(text):
    assert found(text, [LORA, FROZEN]) == [True, False]


def test_a_point_counts_if_one_occurrence_is_not_negated():
    text = "不需要冻结全部参数，但要冻结原模型的权重。"
    [match] = match_key_points(text, [FROZEN])
    assert match.found
    assert match.spans == ((text.rindex("冻结"), text.rindex("冻结") + 2),)


@pytest.mark.parametrize(
    "text",
    [
        "不是这样的：LoRA 冻结原模型。",  # the cue is in another clause
        "I know LoRA freezes the base model.",  # "no" inside "know" is no cue
        "The notation says the weights are frozen.",  # nor "not" inside "notation"
    ],
)
def test_a_cue_outside_the_clause_or_inside_a_word_negates_nothing(text):
    assert found(text, [FROZEN]) == [True]


def test_a_negation_reaches_a_few_words_only():
    within = " ".join(["really"] * NEGATION_WINDOW_WORDS)
    beyond = " ".join(["really"] * (NEGATION_WINDOW_WORDS + 1))
    assert found(f"It is not {within} frozen.", [FROZEN]) == [False]
    assert found(f"It is not {beyond} frozen.", [FROZEN]) == [True]


def test_a_negation_that_belongs_to_the_point_is_kept():
    # "no extra latency" holds its own cue; a group with such an alias speaks of a
    # negative, so "不会引入噪声" states the point "no noise" rather than denying it.
    latency = point(["merge", "no extra latency"])
    no_noise = point(["噪声", "不会干扰"])
    plain_noise = point(["噪声"])
    assert found("After merging there is no extra latency.", [latency]) == [True]
    text = "B 初始化为零，所以一开始不会引入噪声。"
    assert found(text, [no_noise, plain_noise]) == [True, False]

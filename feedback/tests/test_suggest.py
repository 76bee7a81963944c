from feedback.engine.matching import KeyPoint
from feedback.engine.suggest import MAX_LABEL_CHARS, MAX_SUGGESTIONS, Suggestion, suggest_key_points

ANSWER = """LoRA 的做法：

- **低秩分解**（LoRA）：把增量写成 `BA`，只训练 A、B；
- 冻结原权重：显存占用小，显存节省明显；
- 投影层（如 q、v 投影）：最常见的注入位置
- 这一条说明文字很长很长很长很长很长很长很长很长，不像一个术语

合并权重后推理没有额外延迟，**低秩分解**让显存需求下降。梯度检查点也能省显存。

```python
model = get_peft_model(base, config)  # `not_a_term`
```

[链接](https://example.com/lora-paper)
"""


def labels(suggestions: list[Suggestion]) -> list[str]:
    return [suggestion.label for suggestion in suggestions]


def test_list_heads_bold_code_and_keywords_in_the_order_of_the_answer():
    suggestions = suggest_key_points(ANSWER)
    assert labels(suggestions) == [
        "低秩分解",
        "BA",
        "冻结原权重",
        "显存",
        "投影层",
        "梯度",
        "检查点",
    ]
    sources = {suggestion.label: suggestion.source for suggestion in suggestions}
    assert sources["冻结原权重"] == "list"
    assert sources["BA"] == "code"
    assert sources["显存"] == "keyword"


def test_a_parenthesis_gives_a_second_alias_unless_it_lists_examples():
    by_label = {suggestion.label: suggestion for suggestion in suggest_key_points(ANSWER)}
    assert by_label["低秩分解"].aliases == ("低秩分解", "LoRA")
    assert by_label["投影层"].aliases == ("投影层",)


def test_sentences_code_blocks_and_link_targets_are_not_terms():
    suggestions = suggest_key_points(ANSWER)
    assert all(len(label) <= MAX_LABEL_CHARS for label in labels(suggestions))
    assert "not_a_term" not in labels(suggestions)
    assert not any("example" in alias for s in suggestions for alias in s.aliases)


def test_each_term_is_suggested_once():
    # 低秩分解 is both a list head and bold twice; LoRA is also one of its aliases.
    suggestions = suggest_key_points(ANSWER)
    assert labels(suggestions).count("低秩分解") == 1
    assert "LoRA" not in labels(suggestions)


def test_suggestions_are_capped():
    many = "\n".join(f"- **术语{number:02d}**：说明" for number in range(MAX_SUGGESTIONS + 5))
    suggestions = suggest_key_points(many)
    assert labels(suggestions) == [f"术语{number:02d}" for number in range(MAX_SUGGESTIONS)]


def test_same_answer_same_suggestions():
    assert suggest_key_points(ANSWER) == suggest_key_points(ANSWER)
    assert suggest_key_points("") == []


def test_a_suggestion_becomes_a_key_point_with_both_labels_where_it_can():
    zh = Suggestion("低秩分解", ("低秩分解", "LoRA"), "list").as_key_point()
    assert KeyPoint.from_dict(zh) == KeyPoint("低秩分解", "LoRA", False, (("低秩分解", "LoRA"),))
    # A Latin term keeps its name in Chinese text, or takes its Chinese alias.
    en = Suggestion("KV cache", ("KV cache",), "bold").as_key_point()
    assert (en["label_zh"], en["label_en"]) == ("KV cache", "KV cache")
    named = Suggestion("KV cache", ("KV cache", "键值缓存"), "bold").as_key_point()
    assert (named["label_zh"], named["label_en"]) == ("键值缓存", "KV cache")
    # No Latin name: the English label is the editor's to write.
    bare = Suggestion("连续批处理", ("连续批处理",), "list").as_key_point()
    assert (bare["label_zh"], bare["label_en"]) == ("连续批处理", "")

"""Everything match_key_points says on a fixed set of cases, to prove a speed-up changes nothing.

`DJANGO_SETTINGS_MODULE=config.settings python -m feedback.eval.match_outputs --write FILE`
records the complete output (found and spans of every point) for: every labelled answer of
both sets and its typo copy, with its question's key points and also with the bank's 10
heaviest key points; every model answer with its own key points; the 20,000-character
bench answer; and hand-made edge cases (traditional characters, full-width letters,
negations, lists, dumps, long texts), each under the tuned settings and with every rule
turned off in turn. `--compare FILE` reports the cases whose output differs.
feedback/tests/test_match_outputs.py runs the same cases.
"""

import argparse
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path

from feedback.engine.matching import TUNED, KeyPoint, MatchSettings, match_key_points
from feedback.eval.bench import POINT_COUNT, _mixed_answer, bank_points
from feedback.eval.data import Bank, load_answers, load_bank, typo_copies

SETTINGS = {
    "tuned": TUNED,
    "exact": replace(TUNED, fuzzy_threshold=101.0),
    "no-lists": replace(TUNED, list_min_items=None),
    "no-negation": replace(TUNED, negation_window_words=-1),
    "no-gaps": replace(TUNED, gap_max_chars=-1),
    "wide": replace(TUNED, list_term_max_words=4, negation_window_words=4, gap_max_chars=3),
}

EDGE_POINTS = (
    KeyPoint("低秩", "low rank", True, (("LoRA", "低秩分解", "low-rank"), ("冻结", "frozen"))),
    KeyPoint("键值缓存", "KV cache", False, (("KV cache", "键值缓存", "鍵值快取"),)),
    KeyPoint("注意力", "attention", False, (("PagedAttention", "注意力"), ("显存",))),
    KeyPoint("效率", "efficiency", False, (("训练效率",),), synonyms=("训练…高效",)),
    KeyPoint("无延迟", "no latency", False, (("no extra latency", "不会引入延迟"),)),
    KeyPoint("空", "empty", False, ()),
)
EDGE_TEXTS = (
    "LoRA 把權重更新分解為低秩矩陣，原模型參數凍結，訓練效率高。",
    "使用ＫＶ　ｃａｃｈｅ加速，ＬｏＲＡ的ｌｏｗ－ｒａｎｋ更新；𝗣𝗮𝗴𝗲𝗱𝗔𝘁𝘁𝗲𝗻𝘁𝗶𝗼𝗻 管理顯存。",
    "并不冻结原模型，也不是 low-rank 更新；LoRA doesn't freeze anything, not low rank.",
    "不需要冻结全部参数，但要冻结原模型。没有额外延迟，no extra latency at all.",
    "LoRA、低秩分解、冻结、KV cache、注意力。\n1. LoRA\n2. frozen\n3. 显存",
    "O(N^2) 局部注意力 近似 低秩 哈希 LoRA frozen KV cache",
    "freeze 掉 base model，只 train 两个 low-rank matrix，显存省很多。",
    "训练起来也比较高效，因为 LoRA 冻结了原模型。训练…高效。",
    "e\u0301te\u0301 LoRA\u0301 fro\u0308zen cafe\u0301 注意力 显存 ﬁ ﬂ … ㍿ ①",
    "Lora exploration, loraX, LoRAAdapter, kvcache, K-V_Cache, lowrank, frozn, fozen.",
    "1）1.2.3.4.5.6.7.8 LoRA 冻结 显存 注意力",
    "- LoRA\n- 冻结\n2）a.b.c.d 低秩 frozen KV cache\n（3）显存，注意力，LoRA",
    "   ",
    "",
)


def _record(case: str, text: str, points: tuple[KeyPoint, ...]) -> Iterator[dict]:
    """The outputs for one text and list of points, under every settings."""
    for name, settings in SETTINGS.items():
        yield {"case": case, "settings": name, "matches": _matches(text, points, settings)}


def _matches(text: str, points: tuple[KeyPoint, ...], settings: MatchSettings) -> list:
    return [asdict(match) for match in match_key_points(text, points, settings=settings)]


def cases(bank: Bank, answer_files: list[Path]) -> Iterator[tuple[str, str, tuple]]:
    """(name, text, points) of every case."""
    everything = bank_points(bank)
    heaviest = tuple(
        sorted(everything, key=lambda point: -sum(len(group) for group in point.groups))[
            :POINT_COUNT
        ]
    )
    bench_text = _mixed_answer(bank, everything)
    yield "bench/heaviest", bench_text, heaviest
    yield "bench/first", bench_text, tuple(everything[:POINT_COUNT])
    for path in answer_files:
        answers = load_answers(path, bank)
        for answer in answers + typo_copies(answers):
            yield f"answer/{answer.id}", answer.text, bank.key_points[answer.question]
            yield f"answer/{answer.id}/heaviest", answer.text, heaviest
    for slug in sorted(bank.model_answers):
        if bank.key_points.get(slug):
            yield f"model/{slug}", bank.model_answers[slug], bank.key_points[slug]
    for number, text in enumerate(EDGE_TEXTS):
        yield f"edge/{number}", text, EDGE_POINTS
        yield f"edge/{number}/long", (text + "\n") * 300, EDGE_POINTS
    yield "edge/all", "\n\n".join(EDGE_TEXTS) * 20, EDGE_POINTS + heaviest


def outputs(bank: Bank, answer_files: list[Path]) -> list[dict]:
    """Every case's output under every settings."""
    return [
        record
        for name, text, points in cases(bank, answer_files)
        for record in _record(name, text, points)
    ]


def digest(records: list[dict]) -> str:
    """SHA-256 of the records as canonical JSON."""
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()


def main() -> None:
    """Write the outputs to a file, or compare them with one written before."""
    import django

    django.setup()
    from feedback.eval.files import ANSWERS, ANSWERS_NEW, FIXTURE, METADATA

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--compare", type=Path)
    options = parser.parse_args()
    records = outputs(load_bank(METADATA, FIXTURE), [ANSWERS, ANSWERS_NEW])
    print(f"{len(records)} records, digest {digest(records)}")
    if options.write:
        options.write.write_text(json.dumps(records, ensure_ascii=False, indent=0), "utf-8")
    if options.compare:
        before = json.loads(options.compare.read_text("utf-8"))
        now = json.loads(json.dumps(records))  # spans as lists, as read back
        differ = [(a, b) for a, b in zip(before, now, strict=True) if a != b]
        for old, new in differ[:20]:
            print(f"{old['case']} [{old['settings']}]\n  before {old['matches']}")
            print(f"  now    {new['matches']}")
        print(f"{len(differ)} of {len(records)} records differ")


if __name__ == "__main__":
    main()

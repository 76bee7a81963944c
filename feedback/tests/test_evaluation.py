import hashlib
import json
from dataclasses import replace
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from feedback.engine.matching import LIST_MIN_ITEMS, TUNED, KeyPoint, MatchSettings
from feedback.eval.data import Bank, LabelledAnswer, load_answers, split, with_typos
from feedback.eval.scoring import (
    EXACT_ONLY,
    Counts,
    bigram_baseline,
    bigram_overlaps,
    length_baseline,
    matcher,
    score,
)
from feedback.eval.tuning import MATCHER_THRESHOLDS, best_statement_rules, stale_thresholds, tune


def point(*aliases: str) -> KeyPoint:
    return KeyPoint(aliases[0], aliases[0], False, (aliases,))


BANK = Bank(
    key_points={
        "q01": (point("LoRA", "低秩"), point("冻结", "freeze")),
        "q02": (point("attention", "注意力"),),
        "q03": (point("KV cache", "键值缓存"), point("显存")),
        "q04": (point("dropout"),),
    },
    model_answers={
        "q01": "LoRA 用**低秩**矩阵，冻结原模型。",
        "q02": "- attention：注意力权重",
        "q03": "KV cache 即键值缓存，省显存。",
        "q04": "dropout 随机丢弃神经元。",
    },
)


def answer(id: str, question: str, text: str, *found: bool, kind: str = "full"):
    return LabelledAnswer(id, question, kind, text, found)


ANSWERS = [
    answer("a1", "q01", "LoRA 冻结原模型，只训练低秩矩阵。", True, True),
    answer("a2", "q01", "用低秩分解。", True, False, kind="partial"),
    answer("a3", "q02", "the attetion weights", True, kind="english"),
    answer("a4", "q02", "", False, kind="empty"),
    answer("a5", "q03", "键值缓存占显存", True, True, kind="keywords"),
    answer("a6", "q03", "缓存不是显存问题", False, False, kind="negated"),
    answer("a7", "q04", "dropuot 随机丢弃", True, kind="english"),
    answer("a8", "q04", "dropout 是 LoRA 的一种", False, kind="wrong_keywords"),
]


def test_split_is_by_question_and_by_hash_of_the_slug():
    tuning, held_out = split(ANSWERS)
    tuning_questions = {a.question for a in tuning}
    held_out_questions = {a.question for a in held_out}
    assert not tuning_questions & held_out_questions
    by_hash = sorted(BANK.key_points, key=lambda slug: hashlib.sha256(slug.encode()).hexdigest())
    assert tuning_questions == set(by_hash[:2])
    assert split(reversed(ANSWERS)) == (list(reversed(tuning)), list(reversed(held_out)))


def test_counts_are_pooled_over_points():
    counts = Counts()
    counts.add([True, True, False, False], [True, False, True, False])
    counts.add([True], [True])
    assert (counts.precision, counts.recall) == (2 / 3, 2 / 3)
    assert counts.f1 == pytest.approx(2 / 3)
    nothing = Counts()
    nothing.add([False], [False])
    assert (nothing.precision, nothing.recall, nothing.f1) == (None, None, None)


def test_baselines_find_every_point_or_none():
    assert length_baseline(5)(ANSWERS[0]) == [True, True]
    assert length_baseline(50)(ANSWERS[0]) == [False, False]
    overlaps = bigram_overlaps(BANK, ANSWERS)
    assert overlaps["a4"] == 0.0
    assert 0 < overlaps["a5"] < overlaps["a1"] <= 1
    assert bigram_baseline(overlaps, overlaps["a5"])(ANSWERS[4]) == [True, True]


def test_thresholds_are_chosen_on_the_tuning_half_alone():
    tuning, held_out = split(ANSWERS)
    chosen = tune(BANK, tuning)
    relabelled = [replace(a, found=tuple(not f for f in a.found)) for a in held_out]
    assert tune(BANK, split(tuning + relabelled)[0]) == chosen
    assert set(chosen) == {*MATCHER_THRESHOLDS, "length_min_chars", "bigram_min_overlap"}


def tuned_settings(chosen: dict) -> MatchSettings:
    return MatchSettings(**{name: chosen[name] for name in MATCHER_THRESHOLDS})


def test_the_matcher_beats_a_length_cut_off_on_the_sample():
    tuning, _ = split(ANSWERS)
    chosen = tune(BANK, tuning)
    assert (
        score(ANSWERS, matcher(BANK, tuned_settings(chosen))).f1
        > score(ANSWERS, length_baseline(chosen["length_min_chars"])).f1
    )


def test_the_statement_rules_are_the_smallest_change_with_the_best_f1():
    statements = [
        answer("s1", "q01", "LoRA、冻结、freeze", False, False, kind="keywords"),
        answer("s2", "q01", "LoRA 并不冻结原模型，只训练低秩矩阵。", True, False, kind="negated"),
        answer("s3", "q01", "先冻结原模型，再训练低秩矩阵。", True, True, kind="partial"),
    ]
    rules = best_statement_rules(BANK, statements)
    # One word per term catches the list, and a cue just before the alias the negation; the
    # two-item statement s3 is no list.
    assert rules == MatchSettings(
        fuzzy_threshold=EXACT_ONLY,
        list_min_items=LIST_MIN_ITEMS,
        list_term_max_words=1,
        negation_window_words=0,
    )
    assert score(statements, matcher(BANK, rules)).f1 == 1.0


def write_answers(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n")


def test_labels_must_fit_the_question(tmp_path):
    path = tmp_path / "answers.jsonl"
    row = {"id": "x", "question": "q01", "kind": "full", "text": "LoRA", "found": [True, False]}
    write_answers(path, [row])
    assert len(load_answers(path, BANK)) == 1
    write_answers(path, [row, {**row, "found": [True]}, {**row, "id": "y", "kind": "poem"}])
    with pytest.raises(ValueError) as error:
        load_answers(path, BANK)
    message = str(error.value)
    assert "id 'x' is used twice" in message
    assert "1 labels, but 'q01' has 2 key points" in message
    assert "unknown kind 'poem'" in message


@pytest.fixture
def data_files(tmp_path):
    metadata = {
        "questions": {
            slug: {"key_points": [p.as_dict() for p in points]}
            for slug, points in BANK.key_points.items()
        }
    }
    fixture = [
        {
            "model": "questions.question",
            "fields": {"slug": slug, "answer_md": text, "supplement_md": ""},
        }
        for slug, text in BANK.model_answers.items()
    ]
    (tmp_path / "meta.json").write_text(json.dumps(metadata))
    (tmp_path / "fixture.json").write_text(json.dumps(fixture))
    write_answers(
        tmp_path / "answers.jsonl",
        [
            {"id": a.id, "question": a.question, "kind": a.kind, "text": a.text, "found": a.found}
            for a in ANSWERS
        ],
    )
    (tmp_path / "answers_new.jsonl").write_text("")
    return [
        f"--answers-new={tmp_path / 'answers_new.jsonl'}",
        f"--metadata={tmp_path / 'meta.json'}",
        f"--fixture={tmp_path / 'fixture.json'}",
        f"--answers={tmp_path / 'answers.jsonl'}",
        f"--thresholds={tmp_path / 'thresholds.json'}",
    ]


def test_eval_reports_the_held_out_half_with_tuned_thresholds(data_files, tmp_path):
    call_command("tune_feedback", *data_files, stdout=StringIO())
    thresholds = json.loads((tmp_path / "thresholds.json").read_text())
    for name in MATCHER_THRESHOLDS:  # as if the constants had been updated
        thresholds[name] = getattr(TUNED, name)
    (tmp_path / "thresholds.json").write_text(json.dumps(thresholds))
    out = StringIO()
    call_command("eval_feedback", *data_files, stdout=out)
    report = out.getvalue()
    assert "| key-point matching | fuzzy ≥" in report
    assert f"≥ {thresholds['length_min_chars']} characters" in report
    _, held_out = split(ANSWERS)
    assert f"Held-out half: {len(held_out)} answers" in report
    assert f"Old set, held-out half: {len(held_out)} answers" in report
    assert "Untouched third (split untouched): 0 answers" in report
    assert "-character answer, the 10 heaviest key points |" in report


def test_eval_refuses_thresholds_that_production_does_not_use(data_files, tmp_path):
    call_command("tune_feedback", *data_files, stdout=StringIO())
    thresholds = json.loads((tmp_path / "thresholds.json").read_text())
    for name in MATCHER_THRESHOLDS:
        thresholds[name] = getattr(TUNED, name)
    thresholds["negation_window_words"] = TUNED.negation_window_words + 1
    (tmp_path / "thresholds.json").write_text(json.dumps(thresholds))
    with pytest.raises(CommandError, match="make tune-feedback"):
        call_command("eval_feedback", *data_files, stdout=StringIO())


def test_production_uses_the_committed_tuned_thresholds():
    committed = json.loads((settings.BASE_DIR / "feedback/eval/thresholds.json").read_text())
    assert stale_thresholds(committed) == []
    assert tuned_settings(committed) == TUNED


def test_typo_copies_keep_labels_and_never_change():
    original = answer("t1", "q02", "The attention weights come from softmax over queries.", True)
    copy = with_typos(original)
    assert copy == with_typos(original)
    assert copy.found == original.found and copy.id == "t1+typos"
    assert copy.text != original.text
    assert copy.text.split()[:1] == ["The"]  # words under five letters are left alone
    assert with_typos(answer("t2", "q01", "只有中文，LoRA", True, True)) is None

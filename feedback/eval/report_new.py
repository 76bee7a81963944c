"""The second labelled set (answers_new.jsonl) in `manage.py eval_feedback`: the `new` part
and the untouched third, each as aggregate tables only (overall and by kind, beside the
baselines), the optional AI grader when one is configured, and how long checking takes."""

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from feedback.engine.matching import match_key_points
from feedback.eval.bench import POINT_COUNT, _mixed_answer, bank_points
from feedback.eval.data import ANSWER_KINDS, Bank, LabelledAnswer
from feedback.eval.scoring import (
    Predictor,
    bigram_baseline,
    bigram_overlaps,
    length_baseline,
    matcher,
    score,
)

Write = Callable[[str], None]
SPLITS = ("new", "untouched")
# Timed runs of the worst case, and of each labelled answer for the typical case.
WORST_CASE_RUNS = 100
TYPICAL_RUNS = 5


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _row(cells: list) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def load_new_answers(path: Path, bank: Bank) -> dict[str, list[LabelledAnswer]]:
    """The second set's answers by split ("new", "untouched")."""
    by_split: dict[str, list[LabelledAnswer]] = {name: [] for name in SPLITS}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if len(row["found"]) != len(bank.key_points.get(row["question"], ())):
            raise ValueError(f"{row['id']}: labels do not fit {row['question']}'s key points")
        answer = LabelledAnswer(
            row["id"], row["question"], row["kind"], row["text"], tuple(map(bool, row["found"]))
        )
        by_split[row["split"]].append(answer)
    return by_split


def set_methods(bank: Bank, answers, thresholds: dict, grader: Predictor | None):
    """The matcher, the two baselines with their tuned cut-offs, and the grader if any."""
    overlaps = bigram_overlaps(bank, answers)
    methods = [
        ("key-point matching", matcher(bank)),
        ("answer length baseline", length_baseline(thresholds["length_min_chars"])),
        ("bigram overlap baseline", bigram_baseline(overlaps, thresholds["bigram_min_overlap"])),
    ]
    return methods + ([("AI grader (covered or partly)", grader)] if grader else [])


def write_set(write: Write, title: str, answers, methods) -> None:
    """Aggregate tables of one set: overall, then by kind (F1 of each method)."""
    points = sum(len(answer.found) for answer in answers)
    labelled = sum(sum(answer.found) for answer in answers)
    write(f"\n{title}: {len(answers)} answers, {points} key points ({labelled} labelled found).\n")
    write(_row(["method", "precision", "recall", "F1", "false alarms", "missed"]))
    write(_row(["---", "---:", "---:", "---:", "---:", "---:"]))
    for name, predict in methods:
        counts = score(answers, predict)
        write(
            _row(
                [name]
                + [_number(v) for v in (counts.precision, counts.recall, counts.f1)]
                + [counts.false_positive, counts.false_negative]
            )
        )
    write("")
    header = ["kind", "answers", "found / points", "precision", "recall", "F1", "false alarms"]
    header += [f"{name} F1" for name, _ in methods[1:]]
    write(_row(header))
    write(_row(["---"] + ["---:"] * (len(header) - 1)))
    for kind in ANSWER_KINDS:
        chosen = [answer for answer in answers if answer.kind == kind]
        if not chosen:
            continue
        counts = [score(chosen, predict) for _, predict in methods]
        first = counts[0]
        found = sum(sum(answer.found) for answer in chosen)
        total = sum(len(answer.found) for answer in chosen)
        write(
            _row(
                [kind, len(chosen), f"{found} / {total}"]
                + [_number(v) for v in (first.precision, first.recall, first.f1)]
                + [first.false_positive]
                + [_number(other.f1) for other in counts[1:]]
            )
        )


def write_timing(write: Write, bank: Bank, answers: list[LabelledAnswer]) -> None:
    """Median time per labelled answer, and the worst case: a 20,000-character answer
    against the 10 key points with the most aliases (see feedback.eval.bench)."""
    typical = []
    for answer in answers:
        points = bank.key_points[answer.question]
        match_key_points(answer.text, points)  # warm
        started = time.perf_counter()
        for _ in range(TYPICAL_RUNS):
            match_key_points(answer.text, points)
        typical.append((time.perf_counter() - started) / TYPICAL_RUNS)
    everything = bank_points(bank)
    heaviest = tuple(
        sorted(everything, key=lambda point: -sum(len(group) for group in point.groups))[
            :POINT_COUNT
        ]
    )
    text = _mixed_answer(bank, everything)
    match_key_points(text, heaviest)
    worst = []
    for _ in range(WORST_CASE_RUNS):
        started = time.perf_counter()
        match_key_points(text, heaviest)
        worst.append(time.perf_counter() - started)
    write("\nHow long checking takes (wall clock, this machine):\n")
    write(_row(["case", "median ms", "p95 ms"]))
    write(_row(["---", "---:", "---:"]))
    for name, timings in (
        (f"a labelled answer ({len(answers)} answers, their own key points)", typical),
        (f"a {len(text):,}-character answer, the {POINT_COUNT} heaviest key points", worst),
    ):
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        write(_row([name, f"{statistics.median(timings) * 1000:.2f}", f"{p95 * 1000:.2f}"]))

"""The tables `manage.py eval_feedback` prints: precision, recall and F1 of key-point
matching and of the baselines on the held-out half, as Markdown ready for the README."""

from collections.abc import Callable
from dataclasses import replace

from feedback.engine.matching import TUNED
from feedback.eval.data import ANSWER_KINDS, Bank, LabelledAnswer, split, typo_copies
from feedback.eval.scoring import (
    EXACT_ONLY,
    WITHOUT_STATEMENT_RULES,
    Counts,
    Predictor,
    bigram_baseline,
    bigram_overlaps,
    length_baseline,
    matcher,
    score,
)

Write = Callable[[str], None]
Method = tuple[str, str, Predictor]  # name, cut-off (tuned), predictor


def _number(value: float | None) -> str:
    """Three decimals, or a dash when undefined (no point labelled or predicted found)."""
    return "–" if value is None else f"{value:.3f}"


def _row(cells: list) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def methods(bank: Bank, answers: list[LabelledAnswer], thresholds: dict) -> list[Method]:
    """The matcher as the site uses it, without each of its rules, and the two baselines."""
    overlaps = bigram_overlaps(bank, answers)
    rules = (
        f"fuzzy ≥ {TUNED.fuzzy_threshold:g}; lists of ≥ {TUNED.list_min_items} terms "
        f"of ≤ {TUNED.list_term_max_words} words; negation ≤ "
        f"{TUNED.negation_window_words} words before"
    )
    return [
        ("key-point matching", rules, matcher(bank)),
        (
            "key-point matching, exact aliases only",
            "–",
            matcher(bank, replace(TUNED, fuzzy_threshold=EXACT_ONLY)),
        ),
        (
            "key-point matching without the list rule",
            "–",
            matcher(bank, replace(TUNED, list_min_items=None)),
        ),
        (
            "key-point matching without the negation rule",
            "–",
            matcher(bank, replace(TUNED, negation_window_words=-1)),
        ),
        (
            "key-point matching without either (every alias counts)",
            "–",
            matcher(bank, WITHOUT_STATEMENT_RULES),
        ),
        (
            "answer length (every point found if long enough)",
            f"≥ {thresholds['length_min_chars']} characters",
            length_baseline(thresholds["length_min_chars"]),
        ),
        (
            "character-bigram overlap with the model answer",
            f"≥ {thresholds['bigram_min_overlap']:.3f}",
            bigram_baseline(overlaps, thresholds["bigram_min_overlap"]),
        ),
    ]


def write_report(write: Write, *, bank: Bank, answers: list[LabelledAnswer], thresholds: dict):
    """Every table: overall, with typos, and by kind of answer."""
    tuning, held_out = split(answers)
    compared = methods(bank, answers, thresholds)
    overall(write, held_out, tuning, compared)
    with_typos(write, held_out, compared[:2])
    by_kind(write, held_out, [compared[0], compared[4], compared[-2], compared[-1]])


def overall(write: Write, held_out, tuning, methods: list[Method]) -> None:
    """One row per method on the held-out half."""
    points = sum(len(answer.found) for answer in held_out)
    labelled = sum(sum(answer.found) for answer in held_out)
    questions = len({answer.question for answer in held_out})
    write(
        f"Held-out half: {len(held_out)} answers to {questions} questions, {points} key "
        f"points ({labelled} labelled found). Cut-offs were tuned on the other "
        f"{len({answer.question for answer in tuning})} questions ({len(tuning)} answers).\n"
    )
    write(_row(["method", "cut-off (tuned)", "precision", "recall", "F1"]))
    write(_row(["---", "---", "---:", "---:", "---:"]))
    for name, cutoff, predict in methods:
        counts = score(held_out, predict)
        numbers = (counts.precision, counts.recall, counts.f1)
        write(_row([name, cutoff] + [_number(value) for value in numbers]))
    tuned = score(tuning, methods[0][2])
    write(f"\nThe matcher on its tuning half, for comparison: F1 {_number(tuned.f1)}.")


def with_typos(write: Write, held_out, methods: list[Method]) -> None:
    """The matcher with and without fuzzy matching on typo copies of the held-out answers."""
    copies = typo_copies(held_out)
    write(
        f"\nWith typos: copies of the {len(copies)} held-out answers that have English words "
        "of 5+ letters, half of those words misspelt once (labels kept).\n"
    )
    write(_row(["method", "precision", "recall", "F1"]))
    write(_row(["---", "---:", "---:", "---:"]))
    for name, _cutoff, predict in methods:
        counts = score(copies, predict)
        numbers = (counts.precision, counts.recall, counts.f1)
        write(_row([name] + [_number(value) for value in numbers]))


def by_kind(write: Write, held_out, methods: list[Method]) -> None:
    """The matcher by kind of answer, beside itself without the statement rules and the
    baselines' F1."""
    write("\nBy kind of answer (held-out half):\n")
    header = ["kind", "answers", "found / points", "precision", "recall", "F1"]
    header += ["false alarms", "F1 without the rules", "false alarms without"]
    header += ["length F1", "bigram F1"]
    write(_row(header))
    write(_row(["---"] + ["---:"] * (len(header) - 1)))
    for kind in ANSWER_KINDS:
        answers = [answer for answer in held_out if answer.kind == kind]
        if not answers:
            continue
        counts: list[Counts] = [score(answers, predict) for _, _, predict in methods]
        matching = counts[0]
        labelled = sum(sum(answer.found) for answer in answers)
        points = sum(len(answer.found) for answer in answers)
        write(
            _row(
                [kind, len(answers), f"{labelled} / {points}"]
                + [_number(v) for v in (matching.precision, matching.recall, matching.f1)]
                + [matching.false_positive, _number(counts[1].f1), counts[1].false_positive]
                + [_number(counts[2].f1), _number(counts[3].f1)]
            )
        )

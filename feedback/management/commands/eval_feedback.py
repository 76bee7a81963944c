"""`manage.py eval_feedback`: precision, recall and F1 of key-point matching on the held-out half.

Nothing is tuned here: thresholds come from the file `tune_feedback` wrote. The output
is Markdown, ready for the README.
"""

import json
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError

from feedback.engine.matching import TUNED
from feedback.evaluation import (
    ANSWER_KINDS,
    EXACT_ONLY,
    WITHOUT_STATEMENT_RULES,
    Counts,
    bigram_baseline,
    bigram_overlaps,
    fingerprint,
    length_baseline,
    matcher,
    score,
    split,
    stale_thresholds,
    typo_copies,
)
from feedback.management.commands._data import add_data_arguments, load_data


def _number(value: float | None) -> str:
    """Three decimals, or a dash when undefined (no point labelled or predicted found)."""
    return "–" if value is None else f"{value:.3f}"


def _row(cells: list) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


class Command(BaseCommand):
    help = "Report precision, recall and F1 of 'point found' on the held-out labelled answers."

    def add_arguments(self, parser):
        add_data_arguments(parser)

    def handle(self, *args, **options):
        try:
            bank, answers = load_data(options)
            thresholds = json.loads(options["thresholds"].read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the labelled data or thresholds: {error}") from error
        if stale := stale_thresholds(thresholds):
            raise CommandError(
                f"feedback/engine/matching.py does not use what {options['thresholds']} says "
                f"({'; '.join(stale)}): run `make tune-feedback` and set the constants "
                "to the tuned values."
            )
        tuning, held_out = split(answers)
        if fingerprint(bank, tuning) != thresholds["tuning_fingerprint"]:
            self.stderr.write(
                self.style.WARNING(
                    "The tuning half changed since the thresholds were chosen; "
                    "run `make tune-feedback` again."
                )
            )
        overlaps = bigram_overlaps(bank, answers)
        rules = (
            f"fuzzy ≥ {TUNED.fuzzy_threshold:g}; lists of ≥ {TUNED.list_min_items} terms "
            f"of ≤ {TUNED.list_term_max_words} words; negation ≤ "
            f"{TUNED.negation_window_words} words before"
        )
        methods = [
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
        self._overall(held_out, tuning, methods)
        self._typos(held_out, methods[:2])
        compared = [methods[0], methods[4], methods[-2], methods[-1]]
        self._by_kind(held_out, compared)

    def _overall(self, held_out, tuning, methods) -> None:
        """One row per method on the held-out half."""
        points = sum(len(answer.found) for answer in held_out)
        labelled = sum(sum(answer.found) for answer in held_out)
        questions = len({answer.question for answer in held_out})
        self.stdout.write(
            f"Held-out half: {len(held_out)} answers to {questions} questions, {points} key "
            f"points ({labelled} labelled found). Cut-offs were tuned on the other "
            f"{len({answer.question for answer in tuning})} questions ({len(tuning)} answers).\n"
        )
        self.stdout.write(_row(["method", "cut-off (tuned)", "precision", "recall", "F1"]))
        self.stdout.write(_row(["---", "---", "---:", "---:", "---:"]))
        for name, cutoff, predict in methods:
            counts = score(held_out, predict)
            numbers = (counts.precision, counts.recall, counts.f1)
            self.stdout.write(_row([name, cutoff] + [_number(value) for value in numbers]))
        tuned = score(tuning, methods[0][2])
        self.stdout.write(
            f"\nThe matcher on its tuning half, for comparison: F1 {_number(tuned.f1)}."
        )

    def _typos(self, held_out, methods) -> None:
        """The matcher with and without fuzzy matching on typo copies of the held-out answers."""
        copies = typo_copies(held_out)
        self.stdout.write(
            f"\nWith typos: copies of the {len(copies)} held-out answers that have English words "
            "of 5+ letters, half of those words misspelt once (labels kept).\n"
        )
        self.stdout.write(_row(["method", "precision", "recall", "F1"]))
        self.stdout.write(_row(["---", "---:", "---:", "---:"]))
        for name, _cutoff, predict in methods:
            counts = score(copies, predict)
            numbers = (counts.precision, counts.recall, counts.f1)
            self.stdout.write(_row([name] + [_number(value) for value in numbers]))

    def _by_kind(self, held_out, methods) -> None:
        """The matcher by kind of answer, beside itself without the statement rules and the
        baselines' F1."""
        self.stdout.write("\nBy kind of answer (held-out half):\n")
        header = ["kind", "answers", "found / points", "precision", "recall", "F1"]
        header += ["false alarms", "F1 without the rules", "false alarms without"]
        header += ["length F1", "bigram F1"]
        self.stdout.write(_row(header))
        self.stdout.write(_row(["---"] + ["---:"] * (len(header) - 1)))
        for kind in ANSWER_KINDS:
            answers = [answer for answer in held_out if answer.kind == kind]
            if not answers:
                continue
            counts: list[Counts] = [score(answers, predict) for _, _, predict in methods]
            matching = counts[0]
            labelled = sum(sum(answer.found) for answer in answers)
            points = sum(len(answer.found) for answer in answers)
            self.stdout.write(
                _row(
                    [kind, len(answers), f"{labelled} / {points}"]
                    + [_number(v) for v in (matching.precision, matching.recall, matching.f1)]
                    + [matching.false_positive, _number(counts[1].f1), counts[1].false_positive]
                    + [_number(counts[2].f1), _number(counts[3].f1)]
                )
            )

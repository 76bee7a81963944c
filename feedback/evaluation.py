"""Measure key-point matching on hand-labelled answers, against two simple baselines.

The labelled answers are split by question: answers to one question share its key points
and are often rewrites of one another (full, paraphrased, English), so splitting answer
by answer would put near-copies on both sides. Questions are ordered by the SHA-256 of
their slug; the first half tunes thresholds, the other half is held out. Held-out
questions are then what an admin's new question is to the matcher: key points and
answers it was never tuned on.
"""

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from feedback.engine.matching import (
    FUZZY_MIN_LETTERS,
    LIST_MIN_ITEMS,
    TUNED,
    KeyPoint,
    MatchSettings,
    match_key_points,
)
from feedback.engine.normalize import fold_term
from feedback.engine.suggest import markdown_text

ANSWER_KINDS = (
    "full",
    "paraphrase",
    "english",
    "partial",
    "keywords",
    "wrong_keywords",
    "negated",
    "empty",
)
# Thresholds the tuner tries for the matcher's fuzzy similarity; 100 means exact only.
FUZZY_THRESHOLD_GRID = tuple(range(50, 101))
# A threshold no similarity reaches: the matcher with exact aliases only.
EXACT_ONLY = 101.0
# Words per term of a bare list, and words between a negation cue and the alias it denies,
# that the tuner tries; -1 turns negation off.
LIST_TERM_MAX_WORDS_GRID = tuple(range(1, 11))
NEGATION_WINDOW_GRID = tuple(range(-1, 11))
# The matcher as it was before the statement rules: every occurrence of an alias counts.
WITHOUT_STATEMENT_RULES = replace(TUNED, list_min_items=None, negation_window_words=-1)
# F1 differences this small are a label or two on a tuning half; the tuner then prefers
# the strictest cut-off rather than a lucky spike (the one-standard-error habit).
F1_TOLERANCE = 0.005
# The labelled answers were typed with care, so typos are added to copies of them (labels
# kept: a typo does not change what an answer says) to measure what fuzzy matching is
# for. This share of the English words long enough to be matched fuzzily gets one typo.
TYPO_SHARE = 0.5
TYPO_WORD = re.compile(f"[A-Za-z]{{{FUZZY_MIN_LETTERS},}}")

Predictor = Callable[["LabelledAnswer"], list[bool]]


@dataclass(frozen=True)
class LabelledAnswer:
    """A sample answer and, per key point of its question, whether a person found it there."""

    id: str
    question: str
    kind: str
    text: str
    found: tuple[bool, ...]


@dataclass(frozen=True)
class Bank:
    """What evaluation needs of the question bank: key points and model answers by slug."""

    key_points: dict[str, tuple[KeyPoint, ...]]
    model_answers: dict[str, str]


def load_bank(metadata_path: Path, fixture_path: Path) -> Bank:
    """Key points from the seed metadata; model answers with additions from the fixture."""
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))["questions"]
    key_points = {
        slug: tuple(KeyPoint.from_dict(point) for point in entry.get("key_points", []))
        for slug, entry in metadata.items()
    }
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    model_answers = {
        row["fields"]["slug"]: row["fields"]["answer_md"] + "\n\n" + row["fields"]["supplement_md"]
        for row in fixture
        if row["model"] == "questions.question"
    }
    return Bank(key_points, model_answers)


def load_answers(path: Path, bank: Bank) -> list[LabelledAnswer]:
    """Read the JSON-lines file, refusing lines that do not fit the bank."""
    answers, problems, seen = [], [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        answer = LabelledAnswer(
            id=str(row["id"]),
            question=row["question"],
            kind=row["kind"],
            text=row["text"],
            found=tuple(bool(value) for value in row["found"]),
        )
        points = bank.key_points.get(answer.question, ())
        if answer.id in seen:
            problems.append(f"line {number}: id {answer.id!r} is used twice")
        if answer.kind not in ANSWER_KINDS:
            problems.append(f"line {number}: unknown kind {answer.kind!r}")
        if not points or len(points) != len(answer.found):
            problems.append(
                f"line {number}: {len(answer.found)} labels, but {answer.question!r} "
                f"has {len(points)} key points"
            )
        seen.add(answer.id)
        answers.append(answer)
    if problems:
        raise ValueError("\n".join(problems))
    return answers


def split(answers: Iterable[LabelledAnswer]) -> tuple[list[LabelledAnswer], list[LabelledAnswer]]:
    """(tuning, held-out): the first half of the questions by SHA-256 of slug, and the rest."""
    answers = list(answers)
    questions = sorted(
        {a.question for a in answers}, key=lambda q: hashlib.sha256(q.encode()).hexdigest()
    )
    tuning_questions = set(questions[: (len(questions) + 1) // 2])
    tuning = [a for a in answers if a.question in tuning_questions]
    return tuning, [a for a in answers if a.question not in tuning_questions]


def with_typos(answer: LabelledAnswer) -> LabelledAnswer | None:
    """A copy with typos in its long English words (same labels), or None if it has none.

    Each chosen word gets one: two neighbouring letters swapped, one dropped, or one
    doubled. The choices are seeded by the answer's id, so the copies never change.
    """
    rng = random.Random(hashlib.sha256(answer.id.encode()).hexdigest())

    def misspell(word: re.Match) -> str:
        """The word, or with one typo for TYPO_SHARE of the words."""
        text = word.group()
        if rng.random() >= TYPO_SHARE:
            return text
        at = rng.randrange(1, len(text) - 2)
        return rng.choice(
            (
                text[:at] + text[at + 1] + text[at] + text[at + 2 :],
                text[:at] + text[at + 1 :],
                text[:at] + text[at] + text[at:],
            )
        )

    text = TYPO_WORD.sub(misspell, answer.text)
    return replace(answer, id=f"{answer.id}+typos", text=text) if text != answer.text else None


def typo_copies(answers: Iterable[LabelledAnswer]) -> list[LabelledAnswer]:
    """The typo copies of those answers that have long English words."""
    return [copy for copy in map(with_typos, answers) if copy is not None]


def fingerprint(bank: Bank, answers: Iterable[LabelledAnswer]) -> str:
    """A short hash of the answers, their labels and their key points, to spot stale tuning."""
    digest = hashlib.sha256()
    for answer in sorted(answers, key=lambda a: a.id):
        points = [point.as_dict() for point in bank.key_points[answer.question]]
        digest.update(json.dumps([answer.id, answer.text, answer.found, points]).encode())
    return digest.hexdigest()[:16]


@dataclass
class Counts:
    """Confusion counts of "point found", pooled over points (micro-averaged)."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    def add(self, predicted: Iterable[bool], labelled: Iterable[bool]) -> None:
        """Count one answer's points."""
        for guess, truth in zip(predicted, labelled, strict=True):
            if guess and truth:
                self.true_positive += 1
            elif guess:
                self.false_positive += 1
            elif truth:
                self.false_negative += 1
            else:
                self.true_negative += 1

    @property
    def precision(self) -> float | None:
        """Share of the points predicted found that were labelled found."""
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        """Share of the points labelled found that were predicted found."""
        labelled = self.true_positive + self.false_negative
        return self.true_positive / labelled if labelled else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; 0 when nothing is right, None when undefined."""
        denominator = 2 * self.true_positive + self.false_positive + self.false_negative
        return 2 * self.true_positive / denominator if denominator else None


def score(answers: Iterable[LabelledAnswer], predict: Predictor) -> Counts:
    """Pool the predictions for every point of every answer."""
    counts = Counts()
    for answer in answers:
        counts.add(predict(answer), answer.found)
    return counts


def matcher(bank: Bank, settings: MatchSettings = TUNED) -> Predictor:
    """The key-point matcher with the given settings (by default those the application uses)."""
    return lambda answer: [
        match.found
        for match in match_key_points(
            answer.text, bank.key_points[answer.question], settings=settings
        )
    ]


def answer_length(answer: LabelledAnswer) -> int:
    """Characters of the answer, not counting spaces and separators."""
    return len(fold_term(answer.text))


def length_baseline(minimum: int) -> Predictor:
    """Every point counts as found once the answer has `minimum` characters."""
    return lambda answer: [answer_length(answer) >= minimum] * len(answer.found)


def _bigrams(text: str) -> set[str]:
    """Distinct pairs of neighbouring characters of the folded text."""
    folded = fold_term(text)
    return {folded[index : index + 2] for index in range(len(folded) - 1)}


def bigram_overlaps(bank: Bank, answers: Iterable[LabelledAnswer]) -> dict[str, float]:
    """By answer id: the share of the model answer's character bigrams the answer also has."""
    models = {slug: _bigrams(markdown_text(text)) for slug, text in bank.model_answers.items()}
    return {
        answer.id: len(model & _bigrams(answer.text)) / len(model) if model else 0.0
        for answer in answers
        for model in [models[answer.question]]
    }


def bigram_baseline(overlaps: dict[str, float], minimum: float) -> Predictor:
    """Every point counts as found once the answer shares `minimum` of the model's bigrams."""
    return lambda answer: [overlaps[answer.id] >= minimum] * len(answer.found)


def best_cutoff(
    answers: list[LabelledAnswer], candidates: Iterable[float], predictor: Callable
) -> float:
    """The highest (strictest) candidate whose F1 is within F1_TOLERANCE of the best."""
    scored = [(score(answers, predictor(cutoff)).f1 or 0.0, cutoff) for cutoff in candidates]
    best = max(f1 for f1, _ in scored)
    return max(cutoff for f1, cutoff in scored if f1 >= best - F1_TOLERANCE)


def best_statement_rules(bank: Bank, answers: list[LabelledAnswer]) -> MatchSettings:
    """The words per term of a bare list and the negation window with the best F1.

    Exact aliases only, so the rules do not depend on the fuzzy threshold, which is tuned
    after them. Their grids are short and coarse (whole words), and F1 is flat around its
    best (a window of two words or four finds the same), so the best F1 is taken as it is;
    among equals, the smallest change to the plain matcher: fewest words, narrowest window.
    """
    candidates = [
        MatchSettings(
            fuzzy_threshold=EXACT_ONLY,
            list_min_items=LIST_MIN_ITEMS,
            list_term_max_words=words,
            negation_window_words=window,
        )
        for words in LIST_TERM_MAX_WORDS_GRID
        for window in NEGATION_WINDOW_GRID
    ]
    scored = [
        (score(answers, matcher(bank, settings)).f1 or 0.0, settings) for settings in candidates
    ]
    best = max(f1 for f1, _ in scored)
    return next(settings for f1, settings in scored if f1 == best)


def tune(bank: Bank, tuning: list[LabelledAnswer]) -> dict:
    """Choose every threshold on the tuning half alone: the statement rules first, then the
    fuzzy threshold with those rules (on the tuning half and its typo copies)."""
    rules = best_statement_rules(bank, tuning)
    overlaps = bigram_overlaps(bank, tuning)
    return {
        "fuzzy_threshold": best_cutoff(
            tuning + typo_copies(tuning),
            FUZZY_THRESHOLD_GRID,
            lambda threshold: matcher(bank, replace(rules, fuzzy_threshold=threshold)),
        ),
        "list_term_max_words": rules.list_term_max_words,
        "negation_window_words": rules.negation_window_words,
        "length_min_chars": best_cutoff(
            tuning, sorted({answer_length(answer) for answer in tuning}), length_baseline
        ),
        "bigram_min_overlap": best_cutoff(
            tuning,
            sorted(set(overlaps.values())),
            lambda minimum: bigram_baseline(overlaps, minimum),
        ),
    }


# What `tune` chooses that the application must use: the keys of thresholds.json that
# mirror a field of matching.TUNED.
MATCHER_THRESHOLDS = ("fuzzy_threshold", "list_term_max_words", "negation_window_words")


def stale_thresholds(thresholds: dict) -> list[str]:
    """The tuned values that matching.py's constants do not match, as "NAME: tuned x, set y"."""
    return [
        f"{name}: tuned {thresholds.get(name)}, matching.py has {getattr(TUNED, name)}"
        for name in MATCHER_THRESHOLDS
        if thresholds.get(name) != getattr(TUNED, name)
    ]

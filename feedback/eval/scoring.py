"""Scoring "point found" predictions: confusion counts, the matcher, and two baselines."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from feedback.engine.matching import TUNED, MatchSettings, match_key_points
from feedback.engine.normalize import fold_term
from feedback.engine.suggest import markdown_text
from feedback.eval.data import Bank, LabelledAnswer

# A threshold no similarity reaches: the matcher with exact aliases only.
EXACT_ONLY = 101.0
# The matcher as it was before the statement rules: every occurrence of an alias counts.
WITHOUT_STATEMENT_RULES = replace(TUNED, list_min_items=None, negation_window_words=-1)

Predictor = Callable[[LabelledAnswer], list[bool]]


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

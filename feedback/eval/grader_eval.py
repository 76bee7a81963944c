"""Scoring the optional AI grader on the labelled answers, when one is configured: a point
counts as found when the grader says covered or partly and its quote is in the answer."""

from feedback.eval.data import Bank, LabelledAnswer
from feedback.eval.scoring import Predictor
from feedback.grader.gateway import Endpoint, GraderError, grade, user_prompt
from feedback.grader.services import kept_verdicts

FOUND_VERDICTS = ("covered", "partly")


def grader_predictor(bank: Bank, endpoint: Endpoint) -> Predictor:
    """A predictor asking the endpoint once per answer (cached: each table asks again)."""
    cache: dict[str, list[bool]] = {}

    def predict(answer: LabelledAnswer) -> list[bool]:
        if answer.id not in cache:
            points = [point.as_dict() for point in bank.key_points[answer.question]]
            try:
                verdicts = grade(endpoint, prompt=user_prompt(answer.question, answer.text, points))
            except GraderError:
                cache[answer.id] = [False] * len(points)
            else:
                kept, _dropped = kept_verdicts(answer.text, points, verdicts)
                cache[answer.id] = [kept_one.get("verdict") in FOUND_VERDICTS for kept_one in kept]
        return cache[answer.id]

    return predict

"""Where other apps add to what the interview pages show, without this app importing them.

An app registers a function in its AppConfig.ready; the answer pages (the reveal, the
summary) call `annotate_answers` once per request, so each app costs a fixed number of
queries however many answers a page shows.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from interview.models import Answer

AnswerAnnotator = Callable[..., None]
_answer_annotators: list[AnswerAnnotator] = []


def register_answer_annotator(annotator: AnswerAnnotator) -> None:
    """`annotator(answers, user=..., now=...)` sets attributes on the answers it is given."""
    if annotator not in _answer_annotators:
        _answer_annotators.append(annotator)


def annotate_answers(answers: Iterable[Answer], *, user, now: datetime) -> None:
    answers = [answer for answer in answers if answer.is_done]
    if not answers:
        return
    for annotator in _answer_annotators:
        annotator(answers, user=user, now=now)

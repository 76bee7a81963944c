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
_answer_relations: list[str] = []


def register_answer_annotator(annotator: AnswerAnnotator, *, related: tuple = ()) -> None:
    """`annotator(answers, user=..., now=...)` sets attributes on the answers it is given.

    `related` names one-to-one relations of Answer the annotator reads; the pages load them
    with the answers themselves (a join, no query of their own), see `answer_relations`.
    """
    if annotator not in _answer_annotators:
        _answer_annotators.append(annotator)
    _answer_relations.extend(name for name in related if name not in _answer_relations)


def answer_relations() -> list[str]:
    """Relations to select_related() when loading answers for a page that annotates them."""
    return list(_answer_relations)


def annotate_answers(answers: Iterable[Answer], *, user, now: datetime) -> None:
    answers = [answer for answer in answers if answer.is_done]
    if not answers:
        return
    for annotator in _answer_annotators:
        annotator(answers, user=user, now=now)


ProgressSection = tuple[str, Callable[..., dict | None]]
_progress_sections: list[ProgressSection] = []


def register_progress_section(template: str, context: Callable[..., dict | None]) -> None:
    """Add a section to the progress page: `template` rendered with `context(user=, now=)`
    (skipped when it returns None). Each should cost a fixed number of queries."""
    if (template, context) not in _progress_sections:
        _progress_sections.append((template, context))


def progress_sections(*, user, now) -> list[tuple[str, dict]]:
    sections = []
    for template, context in _progress_sections:
        data = context(user=user, now=now)
        if data is not None:
            sections.append((template, data))
    return sections


AnswerPanel = tuple[str, Callable[..., dict | None]]
_answer_panels: list[AnswerPanel] = []


def register_answer_panel(template: str, context: Callable[..., dict | None]) -> None:
    """Add a panel inside the active answer form (above the answer box): `template` rendered
    with `context(answer=, interview=)` as `panel` (skipped when it returns None). Each
    should cost a fixed number of queries; its buttons must be type="button"."""
    if (template, context) not in _answer_panels:
        _answer_panels.append((template, context))


def answer_panels(*, answer: Answer, interview) -> list[tuple[str, dict]]:
    panels = []
    for template, context in _answer_panels:
        data = context(answer=answer, interview=interview)
        if data is not None:
            panels.append((template, data))
    return panels

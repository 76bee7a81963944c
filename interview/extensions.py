"""Where other apps add to what the interview pages show, without this app importing them.

An app registers a function in its AppConfig.ready; the answer pages (the reveal, the
summary) call `annotate_answers` once per request, so each app costs a fixed number of
queries however many answers a page shows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django import forms

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


@dataclass(frozen=True)
class StartOption:
    """A field another app adds to the start form (e.g. voice's "answer by").

    `field()` builds the form field (named `name`); `initial(user)` is its value when the page
    opens; `template` is an include-only template that gets the bound field as `field`;
    `created(interview, value, *, user, now)` runs once the interview exists, inside the
    transaction that created it (not when a repeated form returns an existing interview).
    """

    name: str
    field: Callable[[], forms.Field]
    initial: Callable[..., object]
    template: str
    created: Callable[..., None]


_start_options: dict[str, StartOption] = {}


def register_start_option(option: StartOption) -> None:
    _start_options[option.name] = option


def start_options() -> list[StartOption]:
    return list(_start_options.values())


# Templates shown under each revealed answer (e.g. voice's player), and on the attempts page.
_reveal_extras: list[str] = []
_attempts_extras: list[tuple[str, AnswerAnnotator]] = []


def register_reveal_extra(template: str) -> None:
    """Show `template` under the user's answer wherever it is revealed (the question page
    after submitting, the summary). It gets `answer`, annotated by the registered answer
    annotators, and `manage`, true where the answer may be changed (the summary)."""
    if template not in _reveal_extras:
        _reveal_extras.append(template)


def reveal_extras() -> list[str]:
    return list(_reveal_extras)


def register_attempts_extra(template: str, annotator: AnswerAnnotator) -> None:
    """Show `template` once on a question's attempts page with `attempts` (the page's
    answers), which `annotator(answers, user=, now=)` prepares in a fixed number of queries
    (the page runs no other annotator)."""
    if (template, annotator) not in _attempts_extras:
        _attempts_extras.append((template, annotator))


def annotate_attempts(answers: Iterable[Answer], *, user, now: datetime) -> list[str]:
    """Run the attempts page's annotators; the templates to include, in order."""
    answers = [answer for answer in answers if answer.is_done]
    for _template, annotator in _attempts_extras:
        if answers:
            annotator(answers, user=user, now=now)
    return [template for template, _annotator in _attempts_extras]


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


AttemptsSlot = tuple[str, Callable[..., dict | None]]
_attempts_slots: list[AttemptsSlot] = []


def register_attempts_slot(template: str, context: Callable[..., dict | None]) -> None:
    """Add `template` beside the question's actions on the attempts page, rendered with
    `context(question=, user=)` as `slot` (skipped when it returns None); fixed queries."""
    if (template, context) not in _attempts_slots:
        _attempts_slots.append((template, context))


def attempts_slots(*, question, user) -> list[tuple[str, dict]]:
    slots = []
    for template, context in _attempts_slots:
        data = context(question=question, user=user)
        if data is not None:
            slots.append((template, data))
    return slots


@dataclass(frozen=True)
class HistoryLink:
    """A link in the history page's header (a download of the history in another form)."""

    url_name: str
    label: str


_history_links: list[HistoryLink] = []


def register_history_link(link: HistoryLink) -> None:
    if link not in _history_links:
        _history_links.append(link)


def history_links() -> list[HistoryLink]:
    return list(_history_links)


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

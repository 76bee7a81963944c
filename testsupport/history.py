"""Past interviews written straight to the database, for the query pins and the benchmark.

The rows are bulk-created past the services, so nothing is counted as they go: a caller
that needs the rating tallies rebuilds them (interview.tallies.rebuild_tallies).
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from interview.models import Answer, Interview
from questions.models import Question

ANSWERS_PER_INTERVIEW = 5
# Answers are written this many (or a few more) at a time, so a large history never sits
# in memory whole.
ANSWER_BATCH = 10_000


def finished_interview(
    *,
    user,
    started_at: datetime,
    finished_at: datetime,
    question_count: int = ANSWERS_PER_INTERVIEW,
    **fields,
) -> Interview:
    """A finished interview, not saved yet; `fields` sets any other column (topics, ...)."""
    return Interview(
        user=user,
        state=Interview.State.FINISHED,
        question_count=question_count,
        started_at=started_at,
        finished_at=finished_at,
        **fields,
    )


def submitted_answer(
    *,
    interview: Interview,
    position: int,
    question: Question,
    shown_at: datetime,
    seconds_used: int,
    time_limit_seconds: int,
    text: str,
    rating: int | None,
    rated_at: datetime | None = None,
    **fields,
) -> Answer:
    """A submitted answer of a saved interview, on time or over it, rated or waiting for a
    rating; not saved yet. `fields` sets any other column (draft_text, note, ...)."""
    return Answer(
        interview_id=interview.pk,
        user_id=interview.user_id,
        position=position,
        question=question,
        title_snapshot=question.title,
        answer_snapshot_md=question.answer_md,
        time_limit_seconds=time_limit_seconds,
        status=Answer.Status.SUBMITTED,
        submission=Answer.Submission.MANUAL,
        submitted_text=text,
        shown_at=shown_at,
        deadline=shown_at + timedelta(seconds=time_limit_seconds),
        submitted_at=shown_at + timedelta(seconds=seconds_used),
        seconds_used=seconds_used,
        over_time_seconds=max(0, seconds_used - time_limit_seconds),
        rating=rating,
        rated_at=rated_at,
        **fields,
    )


def save_history(
    interviews: Iterable[Interview],
    answers_for: Callable[[int, Interview], Iterable[Answer]],
    *,
    batch_size: int | None = None,
) -> list[Interview]:
    """Bulk-create the interviews, then the answers `answers_for(index, interview)` gives
    for each, in the interviews' order; return the saved interviews."""
    interviews = Interview.objects.bulk_create(interviews, batch_size=batch_size)
    answers = []
    for index, interview in enumerate(interviews):
        answers.extend(answers_for(index, interview))
        if len(answers) >= ANSWER_BATCH:
            Answer.objects.bulk_create(answers)
            answers = []
    Answer.objects.bulk_create(answers)
    return interviews

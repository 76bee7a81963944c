"""How an answer becomes done. The three `record_*` helpers set the outcome's fields;
`complete` is the one door every path goes through, and where other apps listen."""

from datetime import datetime

from core.prepared import Prepared, PreparedUpdate
from interview import signals
from interview.limits import GRACE_SECONDS
from interview.models import Answer, Interview


def record_submission(answer: Answer, text: str, at: datetime, how: str) -> None:
    """Record `text` as submitted at `at`; call it before changing the stored draft.

    Text that equals a draft saved before the deadline was written in time, however
    late it arrives (a laptop that slept through the deadline): it counts as on time.
    """
    written_in_time = (
        text == answer.draft_text
        and answer.draft_saved_at is not None
        and answer.draft_saved_at <= answer.deadline < at
    )
    if written_in_time:
        at = answer.deadline
    answer.status = Answer.Status.SUBMITTED
    answer.submitted_text = text
    answer.submitted_at = at
    answer.submission = how
    answer.seconds_used = max(0, int((at - answer.shown_at).total_seconds()))
    late = (at - answer.deadline).total_seconds()
    answer.over_time_seconds = int(late) if late > GRACE_SECONDS else 0


def record_skip(answer: Answer, at: datetime) -> None:
    """Skipped: time used counts up to the limit, since a skip has no answer to be late."""
    answer.status = Answer.Status.SKIPPED
    answer.submitted_at = at
    elapsed = max(0, int((at - answer.shown_at).total_seconds()))
    answer.seconds_used = min(elapsed, answer.time_limit_seconds)


def record_expiry(answer: Answer) -> None:
    """Take the saved draft as the answer.

    On time if the draft was saved before the deadline; if it was saved later (the timer
    could not submit, e.g. without JavaScript), over time by as much as it was late.
    """
    answer.submitted_revision = answer.draft_revision
    if not answer.draft_text.strip():
        # Nothing was written: a skip that used the whole time, never over it.
        answer.status = Answer.Status.SKIPPED
        answer.submitted_text = answer.draft_text
        answer.submission = Answer.Submission.EXPIRED
        answer.submitted_at = answer.deadline
        answer.seconds_used = answer.time_limit_seconds
        answer.over_time_seconds = 0
        return
    saved_late = answer.draft_saved_at is not None and answer.draft_saved_at > answer.deadline
    if saved_late:
        record_submission(
            answer, answer.draft_text, answer.draft_saved_at, Answer.Submission.EXPIRED
        )
        return
    answer.status = Answer.Status.SUBMITTED
    answer.submitted_text = answer.draft_text
    answer.submission = Answer.Submission.EXPIRED
    answer.submitted_at = answer.deadline
    answer.seconds_used = answer.time_limit_seconds
    answer.over_time_seconds = 0


# What becoming done changes on an answer (the record_* helpers and their callers).
DONE_FIELDS = [
    "status",
    "submitted_text",
    "submitted_at",
    "submission",
    "seconds_used",
    "over_time_seconds",
    "draft_text",
    "draft_revision",
    "submitted_revision",
]


# answer.save(update_fields=DONE_FIELDS), compiled once per process (core.prepared).
_save_done = PreparedUpdate(Answer, DONE_FIELDS, lambda pk: Answer.objects.filter(pk=pk))


def complete(answer: Answer, *, now: datetime) -> None:
    """The one door through which an answer becomes done: save it, tell the listeners,
    and finish the interview if that was its last open question."""
    _save_done.save(answer)
    signals.answer_done.send(sender=Answer, answer=answer, now=now)
    finish_if_complete(answer.interview, now)


# Compiled once per process (core.prepared): asked after every submit.
_current_answers = Prepared(
    Answer,
    lambda interview_id: Answer.objects.filter(
        interview=interview_id, status__in=[Answer.Status.PENDING, Answer.Status.ACTIVE]
    ).order_by("position")[:1],
)


def current_answer(interview: Interview) -> Answer | None:
    """The first answer still to be given, or None when every question is done."""
    current = _current_answers.first(interview.pk)
    if current is not None:
        current.interview = interview  # as interview.answers would give it
    return current


# Whether an answer is still to be given: its id only (no instance built), compiled once.
_open_answer_ids = Prepared(
    Answer,
    lambda interview_id: Answer.objects.filter(
        interview=interview_id, status__in=[Answer.Status.PENDING, Answer.Status.ACTIVE]
    ).values_list("pk", flat=True)[:1],
)


def finish_if_complete(interview: Interview, now: datetime) -> None:
    if interview.is_open and not _open_answer_ids.all(interview.pk):
        interview.state = Interview.State.FINISHED
        interview.finished_at = now
        interview.save(update_fields=["state", "finished_at"])

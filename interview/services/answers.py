"""State changes of one answer: show, submit or skip, expire, rate (drafts: `drafts`).

Each function takes the time as `now`, works inside one transaction and re-reads the rows
it changes under a lock, so two tabs or a late request cannot interleave their writes.
Inputs arrive typed (views validate them with forms); errors are InterviewError.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from core.prepared import PreparedUpdate
from core.text import typed_length
from interview import signals
from interview.limits import GRACE_SECONDS, NOTE_MAX_CHARS
from interview.models import Answer
from interview.services.common import (
    check_length,
    ensure_open,
    locked_answer,
    locked_answer_at,
    newest_text,
)
from interview.services.completion import complete, record_expiry, record_skip, record_submission
from interview.services.drafts import next_revision, sent_revision
from interview.services.errors import InterviewError, InvalidInput
from interview.tallies import tally_rating

# What showing a question for the first time changes on its answer.
SHOWN_FIELDS = [
    "title_snapshot",
    "answer_snapshot_md",
    "supplement_snapshot_md",
    "key_points_snapshot",
    "status",
    "shown_at",
    "deadline",
]


# Answer.Rating.values, once (the enum builds the list anew each time it is asked).
_RATINGS = frozenset(Answer.Rating.values)

# answer.save(update_fields=[...]) of a rating, compiled once per process (core.prepared).
_save_rating = PreparedUpdate(
    Answer, ["rating", "rated_at", "note"], lambda pk: Answer.objects.filter(pk=pk)
)


def answer_show(*, answer: Answer, now: datetime) -> Answer:
    """Start the clock the first time a question is shown; later calls change nothing."""
    if answer.status != Answer.Status.PENDING:
        return answer
    with transaction.atomic():
        answer = locked_answer(answer)
        if answer.status != Answer.Status.PENDING:
            return answer
        ensure_open(answer.interview)
        question = answer.question
        # The snapshot is taken when the question is shown, as the user saw it.
        answer.title_snapshot = question.title
        answer.answer_snapshot_md = question.answer_md
        answer.supplement_snapshot_md = question.supplement_md
        answer.key_points_snapshot = question.key_points.as_data()
        answer.status = Answer.Status.ACTIVE
        answer.shown_at = now
        answer.deadline = now + timedelta(seconds=answer.time_limit_seconds)
        answer.save(update_fields=SHOWN_FIELDS)
        signals.answer_shown.send(sender=Answer, answer=answer, now=now)
    return answer


def answer_submit(
    *,
    answer: Answer,
    text: str,
    now: datetime,
    revision: int | None = None,
    by_timer: bool = False,
    skip: bool = False,
) -> Answer:
    """Record the user's answer (or a skip), however late it arrives, then move on.

    A late submission is kept in full and marked over time. Newer text that arrives
    after an automatic submission (the timer in another tab, or the server taking the
    draft) replaces it, as long as the user has not yet rated that answer. Without a
    `revision` the text counts as the newest there is.
    """
    check_length(text)
    with transaction.atomic():
        return _submit_locked(
            locked_answer(answer), text, revision, now=now, by_timer=by_timer, skip=skip
        )


def _submit_locked(
    answer: Answer, text: str, revision: int | None, *, now: datetime, by_timer: bool, skip: bool
) -> Answer:
    """answer_submit's work on the answer as locked (in its transaction)."""
    how = Answer.Submission.TIMER if by_timer else Answer.Submission.MANUAL
    interview = answer.interview
    if revision is None:
        revision = next_revision(answer)
    replaces_automatic = (
        answer.is_done
        and answer.submission in (Answer.Submission.TIMER, Answer.Submission.EXPIRED)
        and answer.rating is None
        and revision > answer.submitted_revision
        and text.strip()
        and not skip
    )
    if replaces_automatic:
        if text == answer.submitted_text:
            return answer
    else:
        ensure_open(interview)
        if answer.is_done:
            raise InterviewError(_("This question was already submitted; your answer is kept."))
        if answer.status != Answer.Status.ACTIVE:
            raise InterviewError(_("That is not the current question of this interview."))
        text, revision = newest_text(answer, text, revision)
    if skip:
        record_skip(answer, now)
    else:
        record_submission(answer, text, now, how)
    answer.draft_text = text
    answer.draft_revision = answer.submitted_revision = revision
    complete(answer, now=now)
    return answer


def answer_submit_sent_at(
    *,
    interview_id: int,
    position: int,
    user_id: int,
    text: str | None,
    revision: int | None,
    now: datetime,
    by_timer: bool = False,
    skip: bool = False,
) -> Answer:
    """Submit or skip what the answer form sent for the user's answer at `position` of
    their interview, read once, under the lock (Answer.DoesNotExist when there is none):
    without `text`, the saved draft at its revision, as locked; a text without a `revision`
    (a plain form post) is the newest there is."""
    if text is not None:
        check_length(text)
        if revision is None:
            revision = sent_revision(now)
    with transaction.atomic():
        answer = locked_answer_at(interview_id=interview_id, position=position, user_id=user_id)
        if text is None:
            text, revision = answer.draft_text, answer.draft_revision
            check_length(text)
        return _submit_locked(answer, text, revision, now=now, by_timer=by_timer, skip=skip)


def answer_expire(*, answer: Answer, now: datetime) -> Answer:
    """Past the deadline with nobody submitting: take the saved draft as the answer."""
    if answer.status != Answer.Status.ACTIVE or now <= answer.deadline + timedelta(
        seconds=GRACE_SECONDS
    ):
        return answer
    with transaction.atomic():
        answer = locked_answer(answer)
        if answer.status != Answer.Status.ACTIVE or not answer.interview.is_open:
            return answer
        record_expiry(answer)
        complete(answer, now=now)
    return answer


def _check_rating(rating: int, note: str | None) -> None:
    if rating not in _RATINGS:
        raise InvalidInput(_("Choose a rating from 1 to 4."))
    if note is not None and typed_length(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            _("The note is limited to %(limit)d characters.") % {"limit": NOTE_MAX_CHARS}
        )


def answer_rate(*, answer: Answer, rating: int, note: str | None, now: datetime) -> Answer:
    """Record or change the self-rating (1–4) and the private note."""
    _check_rating(rating, note)
    with transaction.atomic():
        return _rate_locked(locked_answer(answer), rating, note, now)


def answer_rate_at(
    *, interview_id: int, position: int, user_id: int, rating: int, note: str | None, now: datetime
) -> Answer:
    """answer_rate for the user's answer at `position` of their interview, read once, under
    the lock (Answer.DoesNotExist when there is none)."""
    _check_rating(rating, note)
    with transaction.atomic():
        answer = locked_answer_at(interview_id=interview_id, position=position, user_id=user_id)
        return _rate_locked(answer, rating, note, now)


def _rate_locked(answer: Answer, rating: int, note: str | None, now: datetime) -> Answer:
    """answer_rate's work on the answer as locked (in its transaction)."""
    if not answer.is_done:
        raise InterviewError(_("Submit or skip this question before rating it."))
    previous = answer.rating
    previous_at = answer.rated_at
    answer.rating = rating
    answer.rated_at = now
    if note is not None:
        answer.note = note
    _save_rating.save(answer)
    tally_rating(
        answer=answer,
        previous=(previous, previous_at) if previous is not None else None,
        current=(rating, now),
    )
    if previous != rating:
        signals.answer_rated.send(sender=Answer, answer=answer, previous_rating=previous, now=now)
    return answer

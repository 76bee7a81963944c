"""State changes of one answer: show, save a draft, submit or skip, expire, rate.

Each function takes the time as `now`, works inside one transaction and re-reads the rows
it changes under a lock, so two tabs or a late request cannot interleave their writes.
Inputs arrive typed (views validate them with forms); errors are InterviewError.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from interview import signals
from interview.extensions import answer_relations
from interview.limits import ANSWER_MAX_CHARS, GRACE_SECONDS, NOTE_MAX_CHARS
from interview.models import Answer, Interview
from interview.services.errors import InterviewError, InvalidInput
from interview.tallies import tally_rating


def locked_answer(answer: Answer) -> Answer:
    """Lock the interview, then the answer: always in that order, so two requests
    (a timer submit in one tab, "end" in another) cannot deadlock on PostgreSQL.

    The answer comes with what the pages' extensions show beside it (joined, not locked),
    so the page drawn after the change needs no query of its own for them."""
    interview = Interview.objects.select_for_update().get(pk=answer.interview_id)
    locked = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("user", *answer_relations())
        .get(pk=answer.pk)
    )
    locked.interview = interview
    return locked


def ensure_open(interview: Interview) -> None:
    if not interview.is_open:
        raise InterviewError(_("This interview is over; its answers can no longer be changed."))


def clean_text(text: str) -> str:
    """Drop NUL characters, which PostgreSQL text cannot hold and no keyboard types."""
    return text.replace("\x00", "")


def typed_length(text: str) -> int:
    """Length as the browser's maxlength counts it: a CRLF line break is one character."""
    return len(text.replace("\r\n", "\n"))


def check_length(text: str) -> None:
    length = typed_length(text)
    if length > ANSWER_MAX_CHARS:
        raise InvalidInput(
            _(
                "Your answer is %(length)d characters long; the limit is %(limit)d. "
                "Nothing was saved: shorten it and try again."
            )
            % {"length": length, "limit": ANSWER_MAX_CHARS}
        )


def newest_text(answer: Answer, text: str, revision: int) -> tuple[str, int]:
    """The tab's text, unless the server holds a draft newer than anything that tab knew.

    A tab with unsaved typing sends a fresh revision; an idle tab sends the revision its
    text came from. An idle, stale tab (say, a second tab whose timer fired) therefore
    submits the newer draft saved from elsewhere instead of its own older text.
    """
    if revision < answer.draft_revision and text != answer.draft_text:
        return answer.draft_text, answer.draft_revision
    return text, max(revision, answer.draft_revision)


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


def answer_save_draft(*, answer: Answer, text: str, revision: int, now: datetime) -> bool:
    """Save a draft unless a newer one is already stored; True when this one was kept."""
    check_length(text)
    if answer.status != Answer.Status.ACTIVE:
        ensure_open(answer.interview)
        if answer.status == Answer.Status.PENDING:
            raise InterviewError(_("That is not the current question of this interview."))
        raise InterviewError(_("This question has already been answered; the draft was not saved."))
    # One table, conditions on the row itself: PostgreSQL re-checks them after waiting for a
    # concurrent writer's lock, which it would not do for a join. An active answer implies
    # an interview in progress, so the interview need not be consulted.
    updated = Answer.objects.filter(
        pk=answer.pk, status=Answer.Status.ACTIVE, draft_revision__lt=revision
    ).update(draft_text=text, draft_revision=revision, draft_saved_at=now)
    return bool(updated)


def draft_store(
    *, user, interview_id: int, position: int, text: str, revision: int, now: datetime
) -> bool:
    """The everyday autosave in one statement: store the draft if the user's own answer is
    on the clock and holds nothing newer. False means "not stored; look closer" (another
    user's answer, not on the clock, a newer draft), which `answer_save_draft` sorts out."""
    check_length(text)
    stored = Answer.objects.filter(
        interview_id=interview_id,
        position=position,
        user=user,
        status=Answer.Status.ACTIVE,
        draft_revision__lt=revision,
    ).update(draft_text=text, draft_revision=revision, draft_saved_at=now)
    return bool(stored)


def stored_revision(answer: Answer) -> int:
    """The revision of the draft now in the database (another tab's may be newer)."""
    return Answer.objects.filter(pk=answer.pk).values_list("draft_revision", flat=True).get()


def next_revision(answer: Answer) -> int:
    """A revision above everything stored for this answer (for saves that bring none)."""
    return max(answer.draft_revision, answer.submitted_revision) + 1


# How an answer becomes done. The three `record_*` helpers set the outcome's fields;
# `_complete` is the one door every path goes through, and where other apps listen.


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


def _complete(answer: Answer, *, now: datetime) -> None:
    """The one door through which an answer becomes done: save it, tell the listeners,
    and finish the interview if that was its last open question."""
    answer.save(update_fields=DONE_FIELDS)
    signals.answer_done.send(sender=Answer, answer=answer, now=now)
    finish_if_complete(answer.interview, now)


def current_answer(interview: Interview) -> Answer | None:
    """The first answer still to be given, or None when every question is done."""
    return (
        interview.answers.filter(status__in=[Answer.Status.PENDING, Answer.Status.ACTIVE])
        .order_by("position")
        .first()
    )


def finish_if_complete(interview: Interview, now: datetime) -> None:
    if interview.is_open and not current_answer(interview):
        interview.state = Interview.State.FINISHED
        interview.finished_at = now
        interview.save(update_fields=["state", "finished_at"])


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
    how = Answer.Submission.TIMER if by_timer else Answer.Submission.MANUAL
    with transaction.atomic():
        answer = locked_answer(answer)
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
        _complete(answer, now=now)
    return answer


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
        _complete(answer, now=now)
    return answer


def answer_rate(*, answer: Answer, rating: int, note: str | None, now: datetime) -> Answer:
    """Record or change the self-rating (1–4) and the private note."""
    if rating not in Answer.Rating.values:
        raise InvalidInput(_("Choose a rating from 1 to 4."))
    if note is not None and typed_length(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            _("The note is limited to %(limit)d characters.") % {"limit": NOTE_MAX_CHARS}
        )
    with transaction.atomic():
        answer = locked_answer(answer)
        if not answer.is_done:
            raise InterviewError(_("Submit or skip this question before rating it."))
        previous = answer.rating
        previous_at = answer.rated_at
        answer.rating = rating
        answer.rated_at = now
        if note is not None:
            answer.note = note
        answer.save(update_fields=["rating", "rated_at", "note"])
        tally_rating(
            answer=answer,
            previous=(previous, previous_at) if previous is not None else None,
            current=(rating, now),
        )
        if previous != rating:
            signals.answer_rated.send(
                sender=Answer, answer=answer, previous_rating=previous, now=now
            )
    return answer

"""Every state change of an interview, as small functions that take the time as `now`.

Views stay thin: they call these, and turn an InterviewError into a message for the user.
Each function works inside one transaction and re-reads the rows it changes under a lock,
so two tabs or a late request cannot interleave their writes.
"""

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from interview.models import Answer, Interview
from questions.models import Question, Tag

DEFAULT_QUESTION_COUNT = 5
MAX_MINUTES = 30
# A submission this close to the deadline counts as on time (network and clock jitter).
GRACE_SECONDS = 5
NOTE_MAX_CHARS = 2000


class InterviewError(Exception):
    """A request that cannot be carried out; `message` is shown to the user as is."""

    status = 409

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class InvalidInput(InterviewError):
    status = 422


def _locked_answer(answer: Answer) -> Answer:
    """Lock the interview, then the answer: always in that order, so two requests
    (a timer submit in one tab, "end" in another) cannot deadlock on PostgreSQL."""
    interview = Interview.objects.select_for_update().get(pk=answer.interview_id)
    locked = Answer.objects.select_for_update().get(pk=answer.pk)
    locked.interview = interview
    return locked


def _ensure_open(interview: Interview) -> None:
    if not interview.is_open:
        raise InterviewError(_("This interview is over; its answers can no longer be changed."))


def clean_text(text: str) -> str:
    """Drop NUL characters, which PostgreSQL text cannot hold and no keyboard types."""
    return text.replace("\x00", "")


def typed_length(text: str) -> int:
    """Length as the browser's maxlength counts it: a CRLF line break is one character."""
    return len(text.replace("\r\n", "\n"))


def _newest_text(answer: Answer, text: str, revision: int) -> tuple[str, int]:
    """The tab's text, unless the server holds a draft newer than anything that tab knew.

    A tab with unsaved typing sends a fresh revision; an idle tab sends the revision its
    text came from. An idle, stale tab (say, a second tab whose timer fired) therefore
    submits the newer draft saved from elsewhere instead of its own older text.
    """
    if revision < answer.draft_revision and text != answer.draft_text:
        return answer.draft_text, answer.draft_revision
    return text, max(revision, answer.draft_revision)


def _check_length(text: str) -> None:
    # Browsers send line breaks as CRLF but count them once against the textarea's maxlength.
    length = typed_length(text)
    if length > settings.ANSWER_MAX_CHARS:
        raise InvalidInput(
            _(
                "Your answer is %(length)d characters long; the limit is %(limit)d. "
                "Nothing was saved: shorten it and try again."
            )
            % {"length": length, "limit": settings.ANSWER_MAX_CHARS}
        )


def _pool(tags):
    """The active questions an interview on these topics draws from (all, if none)."""
    questions = Question.objects.active()
    if tags:
        questions = questions.tagged(*[tag.slug for tag in tags])
    return questions


def questions_available(tags) -> int:
    return _pool(tags).count()


def interview_start(
    *,
    user,
    tags,
    question_count: int,
    minutes_per_question: int | None,
    prefer_unseen: bool,
    now: datetime,
    questions: list[Question] | None = None,
    rng: random.Random | None = None,
) -> Interview:
    """Fix the questions and their order, and create the interview with every answer pending."""
    rng = rng or random.Random()
    tags = list(tags)
    if questions is None:
        seen = Answer.objects.filter(
            interview__user=user, question=OuterRef("pk"), shown_at__isnull=False
        )
        # Draw from ids alone; only the chosen questions are loaded with their text.
        candidates = list(_pool(tags).annotate(seen=Exists(seen)).values_list("pk", "seen"))
        rng.shuffle(candidates)
        if prefer_unseen:
            candidates.sort(key=lambda candidate: candidate[1])  # stable: random within groups
        chosen = [pk for pk, _seen in candidates[:question_count]]
        by_pk = Question.objects.in_bulk(chosen)
        questions = [by_pk[pk] for pk in chosen]
    if not questions:
        raise InvalidInput(_("No active questions match these topics."))
    if minutes_per_question is not None and not 1 <= minutes_per_question <= MAX_MINUTES:
        raise InvalidInput(
            _("The time per question must be between 1 and %(max)d minutes.") % {"max": MAX_MINUTES}
        )

    with transaction.atomic():
        interview = Interview.objects.create(
            user=user,
            topics=[{"slug": t.slug, "name_zh": t.name_zh, "name_en": t.name_en} for t in tags],
            question_count=len(questions),
            minutes_per_question=minutes_per_question,
            prefer_unseen=prefer_unseen,
            started_at=now,
        )
        Answer.objects.bulk_create(
            Answer(
                interview=interview,
                position=position,
                question=question,
                title_snapshot=question.title,
                answer_snapshot_md=question.answer_md,
                supplement_snapshot_md=question.supplement_md,
                time_limit_seconds=60 * (minutes_per_question or question.answer_minutes or 3),
            )
            for position, question in enumerate(questions, start=1)
        )
    return interview


def interview_current_answer(interview: Interview) -> Answer | None:
    """The first answer still to be given, or None when every question is done."""
    return (
        interview.answers.filter(status__in=[Answer.Status.PENDING, Answer.Status.ACTIVE])
        .order_by("position")
        .first()
    )


def answer_show(*, answer: Answer, now: datetime) -> Answer:
    """Start the clock the first time a question is shown; later calls change nothing."""
    if answer.status != Answer.Status.PENDING:
        return answer
    with transaction.atomic():
        answer = _locked_answer(answer)
        if answer.status != Answer.Status.PENDING:
            return answer
        _ensure_open(answer.interview)
        question = answer.question
        # The snapshot is taken when the question is shown, as the user saw it.
        answer.title_snapshot = question.title
        answer.answer_snapshot_md = question.answer_md
        answer.supplement_snapshot_md = question.supplement_md
        answer.status = Answer.Status.ACTIVE
        answer.shown_at = now
        answer.deadline = now + timedelta(seconds=answer.time_limit_seconds)
        answer.save()
    return answer


def answer_save_draft(*, answer: Answer, text: str, revision: int, now: datetime) -> bool:
    """Save a draft unless a newer one is already stored; True when this one was kept."""
    _check_length(text)
    if answer.status != Answer.Status.ACTIVE:
        _ensure_open(answer.interview)
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


def stored_revision(answer: Answer) -> int:
    """The revision of the draft now in the database (another tab's may be newer)."""
    return Answer.objects.filter(pk=answer.pk).values_list("draft_revision", flat=True).get()


def _record_submission(answer: Answer, text: str, now: datetime, how: str) -> None:
    """Record `text` as submitted at `now`; call it before changing the stored draft.

    Text that equals a draft saved before the deadline was written in time, however
    late it arrives (a laptop that slept through the deadline): it counts as on time.
    """
    written_in_time = (
        text == answer.draft_text
        and answer.draft_saved_at is not None
        and answer.draft_saved_at <= answer.deadline < now
    )
    if written_in_time:
        now = answer.deadline
    answer.submitted_text = text
    answer.submitted_at = now
    answer.submission = how
    answer.seconds_used = max(0, int((now - answer.shown_at).total_seconds()))
    late = (now - answer.deadline).total_seconds()
    answer.over_time_seconds = int(late) if late > GRACE_SECONDS else 0


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
    _check_length(text)
    how = Answer.Submission.TIMER if by_timer else Answer.Submission.MANUAL
    with transaction.atomic():
        answer = _locked_answer(answer)
        interview = answer.interview
        if revision is None:
            revision = max(answer.draft_revision, answer.submitted_revision) + 1
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
            _ensure_open(interview)
            if answer.is_done:
                raise InterviewError(_("This question was already submitted; your answer is kept."))
            if answer.status != Answer.Status.ACTIVE:
                raise InterviewError(_("That is not the current question of this interview."))
            text, revision = _newest_text(answer, text, revision)
        if skip:
            _record_skip(answer, now)
        else:
            answer.status = Answer.Status.SUBMITTED
            _record_submission(answer, text, now, how)
        answer.draft_text = text
        answer.draft_revision = answer.submitted_revision = revision
        answer.save()
        _finish_if_complete(interview, now)
    return answer


def answer_expire(*, answer: Answer, now: datetime) -> Answer:
    """Past the deadline with nobody submitting: take the saved draft as the answer."""
    if answer.status != Answer.Status.ACTIVE or now <= answer.deadline + timedelta(
        seconds=GRACE_SECONDS
    ):
        return answer
    with transaction.atomic():
        answer = _locked_answer(answer)
        if answer.status != Answer.Status.ACTIVE or not answer.interview.is_open:
            return answer
        _record_expiry(answer)
        answer.save()
        _finish_if_complete(answer.interview, now)
    return answer


def _record_expiry(answer: Answer) -> None:
    """Take the saved draft as the answer.

    On time if the draft was saved before the deadline; if it was saved later (the timer
    could not submit, e.g. without JavaScript), over time by as much as it was late.
    """
    answer.submitted_text = answer.draft_text
    answer.submitted_revision = answer.draft_revision
    answer.submission = Answer.Submission.EXPIRED
    if not answer.draft_text.strip():
        # Nothing was written: a skip that used the whole time, never over it.
        answer.status = Answer.Status.SKIPPED
        answer.submitted_at = answer.deadline
        answer.seconds_used = answer.time_limit_seconds
        answer.over_time_seconds = 0
        return
    answer.status = Answer.Status.SUBMITTED
    saved_late = answer.draft_saved_at is not None and answer.draft_saved_at > answer.deadline
    if saved_late:
        _record_submission(answer, answer.draft_text, answer.draft_saved_at, answer.submission)
    else:
        answer.submitted_at = answer.deadline
        answer.seconds_used = answer.time_limit_seconds
        answer.over_time_seconds = 0


def _record_skip(answer: Answer, now: datetime) -> None:
    """Skipped: time used counts up to the limit, since a skip has no answer to be late."""
    answer.status = Answer.Status.SKIPPED
    answer.submitted_at = now
    elapsed = max(0, int((now - answer.shown_at).total_seconds()))
    answer.seconds_used = min(elapsed, answer.time_limit_seconds)


def answer_rate(*, answer: Answer, rating, note: str | None, now: datetime) -> Answer:
    """Record or change the self-rating (1–4) and the private note."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating not in Answer.Rating.values:
        raise InvalidInput(_("Choose a rating from 1 to 4."))
    if note is not None and typed_length(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            _("The note is limited to %(limit)d characters.") % {"limit": NOTE_MAX_CHARS}
        )
    with transaction.atomic():
        answer = _locked_answer(answer)
        if not answer.is_done:
            raise InterviewError(_("Submit or skip this question before rating it."))
        answer.rating = rating
        answer.rated_at = now
        if note is not None:
            answer.note = note
        answer.save(update_fields=["rating", "rated_at", "note"])
    return answer


def _finish_if_complete(interview: Interview, now: datetime) -> None:
    if interview.is_open and not interview_current_answer(interview):
        interview.state = Interview.State.FINISHED
        interview.finished_at = now
        interview.save(update_fields=["state", "finished_at"])


def interview_end(
    *,
    interview: Interview,
    now: datetime,
    text: str | None = None,
    answer: Answer | None = None,
    revision: int | None = None,
) -> Interview:
    """End early: the open question keeps what was typed; the rest are marked not reached.

    `text` is what the page showed for `answer`; it is used only if that answer is still
    the open one (a stale tab must not write one question's text into another).
    """
    if text is not None:
        _check_length(text)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        _ensure_open(interview)
        active = interview.answers.select_for_update().filter(status=Answer.Status.ACTIVE).first()
        if active is not None and text is not None:
            if answer is not None and answer.pk != active.pk:
                text = None
            elif revision is not None:
                text, active.draft_revision = _newest_text(active, text, revision)
        expired = active is not None and now > active.deadline + timedelta(seconds=GRACE_SECONDS)
        if expired and text is None:
            # Nothing new was typed after the time ran out: record it as the timer would
            # have, not as a manual answer hours over time.
            _record_expiry(active)
            active.save()
        elif active is not None:
            typed = active.draft_text if text is None else text
            if typed.strip():
                active.status = Answer.Status.SUBMITTED
                _record_submission(active, typed, now, Answer.Submission.MANUAL)
            else:
                _record_skip(active, now)
            active.draft_text = typed
            active.submitted_revision = active.draft_revision
            active.save()
        not_reached = interview.answers.filter(status=Answer.Status.PENDING).update(
            status=Answer.Status.NOT_REACHED
        )
        # Ending on the last question with every question seen is simply finishing.
        interview.state = Interview.State.ABANDONED if not_reached else Interview.State.FINISHED
        interview.finished_at = now
        interview.save(update_fields=["state", "finished_at"])
    return interview


def interview_retry(*, interview: Interview, now: datetime) -> Interview:
    """A new interview with the questions this one rated 1 or 2, in the same order."""
    weak = [
        answer.question
        for answer in interview.answers.filter(rating__lte=Answer.Rating.PARTLY)
        .select_related("question")
        .order_by("position")
        if answer.question.is_active
    ]
    if not weak:
        raise InterviewError(_("No questions in this interview were rated 1 or 2."))
    topics = Tag.objects.filter(slug__in=[topic["slug"] for topic in interview.topics])
    return interview_start(
        user=interview.user,
        tags=topics,
        question_count=len(weak),
        minutes_per_question=interview.minutes_per_question,
        prefer_unseen=False,
        now=now,
        questions=weak,
    )

"""State changes of a whole interview: start, end early, practise the weak ones again."""

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.prepared import Prepared
from interview import selection
from interview.limits import (
    DEFAULT_ANSWER_MINUTES,
    GRACE_SECONDS,
    MAX_MINUTES,
    MAX_OPEN_INTERVIEWS,
    MIN_MINUTES,
)
from interview.models import Answer, Interview
from interview.services.common import check_length, ensure_open, newest_text
from interview.services.completion import complete, record_expiry, record_skip, record_submission
from interview.services.errors import InterviewError, InvalidInput
from interview.services.start_limit import ensure_start_allowed, refuse_early, started_with
from interview.services.start_writes import answers_insert
from questions.models import Question, Tag

# Both compiled once per process (core.prepared): building them cost more than running them.
_locked_user = Prepared(
    get_user_model(),
    lambda pk: get_user_model().objects.select_for_update().filter(pk=pk).only("pk"),
)
# Enough of the user's unfinished interviews to tell whether they reached the limit.
_unfinished = Prepared(
    Interview,
    lambda user_id: (
        Interview.objects.filter(user=user_id).unfinished().only("pk")[:MAX_OPEN_INTERVIEWS]
    ),
)

# How interviews not started from the start form's modes were chosen.
RETRY = "retry"
SINGLE = "single"
CHOSEN = "chosen"  # a few questions named by a page (the progress page's "Practise these")


def interview_start(
    *,
    user,
    tags,
    question_count: int,
    minutes_per_question: int | None,
    prefer_unseen: bool,
    now: datetime,
    questions: list[Question] | None = None,
    mode: str = selection.MIX,
    rng: random.Random | None = None,
    token: str = "",
    top_up: bool = False,
    created=None,
) -> Interview:
    """Fix the questions and their order, and create the interview with every answer pending.

    Without `questions`, the registered `mode` draws them from the topics (`top_up` as the
    start form asks; the default mode is a random mix). A
    `token` already used by this user returns the interview it started instead (a form
    sent twice, or five times at once, starts one interview). A user starts at most
    START_LIMIT interviews in START_WINDOW_SECONDS (TooManyStarts past it).
    `created(interview, now=...)`, if given, runs inside the transaction that creates a new
    interview (the start form's options other apps add), not when a repeated token returns
    an existing one.
    """
    refuse_early(user, now, token)
    return _start(
        user=user,
        tags=tags,
        question_count=question_count,
        minutes_per_question=minutes_per_question,
        prefer_unseen=prefer_unseen,
        now=now,
        questions=questions,
        mode=mode,
        rng=rng,
        token=token,
        top_up=top_up,
        created=created,
    )


def _start(
    *,
    user,
    tags,
    question_count,
    minutes_per_question,
    prefer_unseen,
    now,
    questions,
    mode,
    rng,
    token,
    top_up=False,
    created=None,
) -> Interview:
    """interview_start once the start has been counted against the user's limit."""
    tags = list(tags)
    if questions is None:
        choice = selection.Choice(
            user=user,
            tags=tags,
            count=question_count,
            now=now,
            prefer_unseen=prefer_unseen,
            top_up=top_up,
            rng=rng or random.Random(),
        )
        questions = selection.pick(selection.get_mode(mode), choice)
    if not questions:
        raise InvalidInput(_("No active questions match these topics."))
    if minutes_per_question is not None and not MIN_MINUTES <= minutes_per_question <= MAX_MINUTES:
        raise InvalidInput(
            _("The time per question must be between %(min)d and %(max)d minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )

    try:
        with transaction.atomic():
            return _create(
                user=user,
                tags=tags,
                questions=questions,
                minutes_per_question=minutes_per_question,
                prefer_unseen=prefer_unseen,
                now=now,
                mode=mode,
                token=token,
                created=created,
            )
    except IntegrityError:
        # The same token won a race in another request: that interview is the answer.
        existing = Interview.objects.filter(user=user, start_token=token).first() if token else None
        if existing is None:
            raise
        return existing


def _create(
    *, user, tags, questions, minutes_per_question, prefer_unseen, now, mode, token, created=None
):
    # Lock the user's row: one user's starts take turns, so the token check and the cap on
    # unfinished interviews see each other's work (SQLite's write lock does the same).
    _locked_user.all(user.pk)
    if token and (existing := started_with(user, token)) is not None:
        return Interview.objects.get(pk=existing)
    ensure_start_allowed(user, now)
    if len(_unfinished.all(user.pk)) >= MAX_OPEN_INTERVIEWS:
        raise InterviewError(
            _(
                "You already have %(count)d unfinished interviews. Finish or end one of them "
                "before starting another."
            )
            % {"count": MAX_OPEN_INTERVIEWS}
        )
    interview = Interview.objects.create(
        user=user,
        mode=mode,
        start_token=token,
        topics=[{"slug": t.slug, "name_zh": t.name_zh, "name_en": t.name_en} for t in tags],
        question_count=len(questions),
        minutes_per_question=minutes_per_question,
        prefer_unseen=prefer_unseen,
        started_at=now,
    )
    answers_insert(
        [
            (
                interview.pk,
                user.pk,
                position,
                question.pk,
                question.title,
                question.answer_md,
                question.supplement_md,
                60 * (minutes_per_question or question.answer_minutes or DEFAULT_ANSWER_MINUTES),
            )
            for position, question in enumerate(questions, start=1)
        ]
    )
    if created is not None:
        created(interview, now=now)
    return interview


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
        check_length(text)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        ensure_open(interview)
        active = interview.answers.select_for_update().filter(status=Answer.Status.ACTIVE).first()
        if active is not None:
            active.interview = interview
            _end_active(active, text=text, answer=answer, revision=revision, now=now)
        not_reached = interview.answers.filter(status=Answer.Status.PENDING).update(
            status=Answer.Status.NOT_REACHED
        )
        # Ending on the last question with every question seen is simply finishing.
        interview.state = Interview.State.ABANDONED if not_reached else Interview.State.FINISHED
        interview.finished_at = now
        interview.save(update_fields=["state", "finished_at"])
    return interview


def _end_active(active: Answer, *, text, answer, revision, now) -> None:
    """The open question of an interview being ended keeps what was typed into it."""
    if text is not None:
        if answer is not None and answer.pk != active.pk:
            text = None
        elif revision is not None:
            text, active.draft_revision = newest_text(active, text, revision)
    expired = now > active.deadline + timedelta(seconds=GRACE_SECONDS)
    if expired and text is None:
        # Nothing new was typed after the time ran out: record it as the timer would
        # have, not as a manual answer hours over time.
        record_expiry(active)
    else:
        typed = active.draft_text if text is None else text
        if typed.strip():
            record_submission(active, typed, now, Answer.Submission.MANUAL)
        else:
            record_skip(active, now)
        active.draft_text = typed
        active.submitted_revision = active.draft_revision
    complete(active, now=now)


def interview_retry(*, interview: Interview, now: datetime, token: str = "") -> Interview:
    """A new interview with the questions this one rated 1 or 2, in the same order (less
    any related to one before it); it counts against the user's limit on starts as
    interview_start does."""
    refuse_early(interview.user_id, now, token)
    weak_ids = interview.answers.filter(
        rating__lte=Answer.Rating.PARTLY, question__is_active=True
    ).order_by("position")
    # Never two related questions in one interview (one from before that rule had both).
    weak = selection.without_related(
        selection.load(list(weak_ids.values_list("question_id", flat=True)))
    )
    if not weak:
        raise InterviewError(_("No questions in this interview were rated 1 or 2."))
    topics = Tag.objects.filter(slug__in=[topic["slug"] for topic in interview.topics])
    return _start(
        user=interview.user,
        tags=topics,
        question_count=len(weak),
        minutes_per_question=interview.minutes_per_question,
        prefer_unseen=False,
        now=now,
        questions=weak,
        mode=RETRY,
        rng=None,
        token=token,
    )

"""Drafts of an answer: the autosave, and the revisions that order one tab's saves
against another's."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from core.prepared import PreparedUpdate
from interview.models import Answer
from interview.services.common import check_length, ensure_open
from interview.services.errors import DraftAlreadySubmitted, InterviewError, InvalidInput

DRAFT_FIELDS = ["draft_text", "draft_revision", "draft_saved_at"]
# The two UPDATEs of a draft, compiled once per process (core.prepared): the autosave is
# the most frequent request of an interview, and building its query cost more than running it.
_save_draft = PreparedUpdate(
    Answer,
    DRAFT_FIELDS,
    lambda pk, revision: Answer.objects.filter(
        pk=pk, status=Answer.Status.ACTIVE, draft_revision__lt=revision
    ),
)
_store_draft = PreparedUpdate(
    Answer,
    DRAFT_FIELDS,
    lambda interview_id, position, user_id, revision: Answer.objects.filter(
        interview_id=interview_id,
        position=position,
        user=user_id,
        status=Answer.Status.ACTIVE,
        draft_revision__lt=revision,
    ),
)


@dataclass(frozen=True)
class DraftSave:
    """What became of a draft: `kept` at `revision`, or not kept because a newer one is
    stored. `answer` is loaded only when the one-statement path did not store it."""

    kept: bool
    revision: int
    answer: Answer | None = None


def draft_save(
    *, user, interview_id: int, position: int, text: str, revision: int | None, now: datetime
) -> DraftSave:
    """Save the draft of the user's answer at `position`, unless a newer one is stored.

    Without a `revision` (a plain form post) the draft goes above everything stored. Raises
    Answer.DoesNotExist for an answer that is not the user's, and InterviewError when the
    answer takes no draft (DraftAlreadySubmitted when its own submit got there first).
    """
    if revision is not None:
        # What the page sends every few seconds: one UPDATE, scoped to the user's own answer
        # on the clock. Anything else (refused, stale, someone else's) takes the long way.
        try:
            if draft_store(
                user=user,
                interview_id=interview_id,
                position=position,
                text=text,
                revision=revision,
                now=now,
            ):
                return DraftSave(kept=True, revision=revision)
        except InvalidInput:
            pass  # said below, once the answer is known to be the user's own
    answer = Answer.objects.select_related("interview").get(
        interview__pk=interview_id, interview__user=user, position=position
    )
    if revision is None:
        revision = next_revision(answer)
    try:
        kept = answer_save_draft(answer=answer, text=text, revision=revision, now=now)
    except InvalidInput:
        raise
    except InterviewError as error:
        if answer.is_done and text in (answer.submitted_text, answer.draft_text):
            raise DraftAlreadySubmitted(error.message) from error
        raise
    if not kept and (answer.draft_revision, answer.draft_text) == (revision, text):
        # The same save sent again (a retry after a connection cut once it was stored):
        # this very text is what the database holds, so it was kept.
        kept = True
    return DraftSave(kept=kept, revision=revision, answer=answer)


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
    draft = {"draft_text": text, "draft_revision": revision, "draft_saved_at": now}
    return bool(_save_draft.run(answer.pk, revision, changes=draft))


def draft_store(
    *, user, interview_id: int, position: int, text: str, revision: int, now: datetime
) -> bool:
    """The everyday autosave in one statement: store the draft if the user's own answer is
    on the clock and holds nothing newer. False means "not stored; look closer" (another
    user's answer, not on the clock, a newer draft), which `answer_save_draft` sorts out."""
    check_length(text)
    draft = {"draft_text": text, "draft_revision": revision, "draft_saved_at": now}
    return bool(_store_draft.run(interview_id, position, user.pk, revision, changes=draft))


def stored_revision(answer: Answer) -> int:
    """The revision of the draft now in the database (another tab's may be newer)."""
    return Answer.objects.filter(pk=answer.pk).values_list("draft_revision", flat=True).get()


def next_revision(answer: Answer) -> int:
    """A revision above everything stored for this answer (for saves that bring none)."""
    return max(answer.draft_revision, answer.submitted_revision) + 1


def sent_revision(now: datetime) -> int:
    """The revision of text a page sent without one (a plain form post): the newest there
    is, numbered as the page numbers its drafts (milliseconds since 1970)."""
    return int(now.timestamp() * 1000)

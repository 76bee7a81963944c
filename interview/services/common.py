"""What every state change of an answer shares: the lock, the open check, the text checks."""

from django.utils.translation import gettext as _

from core.prepared import Prepared
from core.text import typed_length
from interview.extensions import answer_relations
from interview.limits import ANSWER_MAX_CHARS
from interview.models import Answer, Interview
from interview.services.errors import InterviewError, InvalidInput

# Both compiled once per process (core.prepared): building them cost more than running them.
_locked_interview = Prepared(
    Interview, lambda pk: Interview.objects.select_for_update().filter(pk=pk)
)
_locked_answer = Prepared(
    Answer,
    lambda pk: (
        Answer.objects.select_for_update(of=("self",))
        .select_related("user", *answer_relations())
        .filter(pk=pk)
    ),
)


def locked_answer(answer: Answer) -> Answer:
    """Lock the interview, then the answer: always in that order, so two requests
    (a timer submit in one tab, "end" in another) cannot deadlock on PostgreSQL.

    The answer comes with what the pages' extensions show beside it (joined, not locked),
    so the page drawn after the change needs no query of its own for them."""
    interview = _locked_interview.get(answer.interview_id)
    locked = _locked_answer.get(answer.pk)
    locked.interview = interview
    return locked


# The same two locks, found from the page's address and its user instead of an answer read
# beforehand: the user's interview (none for anyone else's), then its answer at a position.
_owned_locked_interview = Prepared(
    Interview, lambda pk, user_id: Interview.objects.select_for_update().filter(pk=pk, user=user_id)
)
_locked_answer_at = Prepared(
    Answer,
    lambda interview_id, position: (
        Answer.objects.select_for_update(of=("self",))
        .select_related("user", *answer_relations())
        .filter(interview=interview_id, position=position)
    ),
)


def locked_answer_at(*, interview_id: int, position: int, user_id: int) -> Answer:
    """`locked_answer` for the user's answer at `position` of their interview, in the same
    order (interview, then answer) and with the same relations, without reading the answer
    first; Answer.DoesNotExist when the user has no such answer. Call it in a transaction."""
    try:
        interview = _owned_locked_interview.get(interview_id, user_id)
    except Interview.DoesNotExist:
        raise Answer.DoesNotExist("Answer matching query does not exist.") from None
    locked = _locked_answer_at.get(interview_id, position)
    locked.interview = interview
    return locked


def ensure_open(interview: Interview) -> None:
    if not interview.is_open:
        raise InterviewError(_("This interview is over; its answers can no longer be changed."))


def clean_text(text: str) -> str:
    """Drop NUL characters, which PostgreSQL text cannot hold and no keyboard types."""
    return text.replace("\x00", "")


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

"""Every state change of an interview and its answers, as small functions taking `now`.

Views stay thin: they validate input with forms, call these, and turn an InterviewError
into a message for the user.
"""

from core.text import typed_length
from interview.services.answers import (
    answer_expire,
    answer_rate,
    answer_rate_at,
    answer_show,
    answer_submit,
    answer_submit_sent_at,
)
from interview.services.common import clean_text
from interview.services.completion import current_answer
from interview.services.drafts import (
    DraftSave,
    answer_save_draft,
    draft_save,
    draft_store,
    next_revision,
    sent_revision,
    stored_revision,
)
from interview.services.errors import (
    DraftAlreadySubmitted,
    InterviewError,
    InvalidInput,
    TooManyStarts,
)
from interview.services.interviews import interview_end, interview_retry, interview_start

interview_current_answer = current_answer

__all__ = [
    "DraftAlreadySubmitted",
    "DraftSave",
    "InterviewError",
    "InvalidInput",
    "TooManyStarts",
    "answer_expire",
    "answer_rate",
    "answer_rate_at",
    "answer_save_draft",
    "answer_show",
    "answer_submit",
    "answer_submit_sent_at",
    "clean_text",
    "current_answer",
    "draft_save",
    "draft_store",
    "interview_current_answer",
    "interview_end",
    "interview_retry",
    "interview_start",
    "next_revision",
    "sent_revision",
    "stored_revision",
    "typed_length",
]

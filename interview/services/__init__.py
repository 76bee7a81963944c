"""Every state change of an interview and its answers, as small functions taking `now`.

Views stay thin: they validate input with forms, call these, and turn an InterviewError
into a message for the user.
"""

from interview.services.answers import (
    answer_expire,
    answer_rate,
    answer_save_draft,
    answer_show,
    answer_submit,
    clean_text,
    current_answer,
    draft_store,
    next_revision,
    stored_revision,
    typed_length,
)
from interview.services.errors import InterviewError, InvalidInput
from interview.services.interviews import interview_end, interview_retry, interview_start

interview_current_answer = current_answer

__all__ = [
    "InterviewError",
    "InvalidInput",
    "answer_expire",
    "answer_rate",
    "answer_save_draft",
    "answer_show",
    "answer_submit",
    "clean_text",
    "current_answer",
    "draft_store",
    "interview_current_answer",
    "interview_end",
    "interview_retry",
    "interview_start",
    "next_revision",
    "stored_revision",
    "typed_length",
]

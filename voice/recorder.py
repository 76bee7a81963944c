"""The recorder on the answer page: whether it shows, and what its script needs to know."""

import re

from django.urls import reverse

from voice.models import AnswerMode
from voice.modes import answer_mode_for, records_audio

# A minute more than the question's time limit, so an answer finished on the bell is whole.
CAP_EXTRA_SECONDS = 60

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def question_language(text: str) -> str:
    """The BCP 47 tag to read or dictate `text` in: Chinese if it has Han characters."""
    return "zh-CN" if _CJK.search(text or "") else "en-US"


def recorder_panel(*, answer, interview) -> dict | None:
    """The recorder's context for an active answer, or None when the interview is typed."""
    mode = answer_mode_for(interview)
    if not records_audio(mode):
        return None
    where = [interview.pk, answer.position]
    return {
        "mode": mode,
        "speak_first": mode == AnswerMode.SPEAK,
        "language": question_language(answer.title_snapshot),
        "cap_seconds": answer.time_limit_seconds + CAP_EXTRA_SECONDS,
        "chunks_url": reverse("voice:chunks", args=where),
        "finish_url": reverse("voice:finish", args=where),
        "state_url": reverse("voice:state", args=where),
    }

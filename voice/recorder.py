"""The recorder on the answer page: whether it shows, and what its script needs to know."""

import re

from django.urls import reverse

from voice.limits import recording_cap_seconds
from voice.models import AnswerMode
from voice.modes import answer_mode_for, records_audio

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def question_language(text: str) -> str:
    """The BCP 47 tag to read or dictate `text` in: Chinese if it has Han characters."""
    return "zh-CN" if _HAN.search(text or "") else "en-US"


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
        "cap_seconds": recording_cap_seconds(answer.time_limit_seconds),
        "chunks_url": reverse("voice:chunk", args=where),
        "finish_url": reverse("voice:finish", args=where),
        "state_url": reverse("voice:state", args=where),
    }


def register_recorder() -> None:
    """Show the recorder inside the answer form (called from VoiceConfig.ready)."""
    from interview.extensions import register_answer_panel

    register_answer_panel("voice/_recorder.html", recorder_panel)

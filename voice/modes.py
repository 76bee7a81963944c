"""How a user answers an interview: typing, speaking, or both."""

from core.prepared import Prepared
from voice.models import AnswerMode, InterviewVoice, VoicePreference

# Both asked on every question page, compiled once per process (core.prepared): building
# these queries cost more than running them.
_preferences = Prepared(
    VoicePreference,
    lambda user_id: (
        VoicePreference.objects.filter(user=user_id).only("answer_mode").order_by("pk")[:1]
    ),
)
_chosen = Prepared(
    InterviewVoice,
    lambda interview_id: (
        InterviewVoice.objects.filter(interview=interview_id).only("answer_mode").order_by("pk")[:1]
    ),
)


def default_mode(user) -> str:
    """The user's remembered choice (typing until they choose otherwise); `user` may be
    a user or its id (so a page need not load the interview's owner to ask)."""
    user_id = getattr(user, "pk", user)
    if user_id is None:
        return AnswerMode.TYPE
    preference = _preferences.first(user_id)
    return preference.answer_mode if preference else AnswerMode.TYPE


def answer_mode_for(interview) -> str:
    """The mode chosen when the interview started, else the owner's default."""
    chosen = _chosen.first(interview.pk)
    return chosen.answer_mode if chosen else default_mode(interview.user_id)


def records_audio(mode: str) -> bool:
    return mode in {AnswerMode.SPEAK, AnswerMode.BOTH}

"""How a user answers an interview: typing, speaking, or both."""

from voice.models import AnswerMode, InterviewVoice, VoicePreference


def default_mode(user) -> str:
    """The user's remembered choice (typing until they choose otherwise); `user` may be
    a user or its id (so a page need not load the interview's owner to ask)."""
    preference = VoicePreference.objects.filter(user=user).only("answer_mode").first()
    return preference.answer_mode if preference else AnswerMode.TYPE


def answer_mode_for(interview) -> str:
    """The mode chosen when the interview started, else the owner's default."""
    chosen = InterviewVoice.objects.filter(interview=interview).only("answer_mode").first()
    return chosen.answer_mode if chosen else default_mode(interview.user_id)


def records_audio(mode: str) -> bool:
    return mode in {AnswerMode.SPEAK, AnswerMode.BOTH}

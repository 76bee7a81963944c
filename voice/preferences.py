"""How a user chose to answer: the writes behind the start form's choice and the account page."""

from voice.models import AnswerMode, InterviewVoice, VoicePreference


def preference_set(*, user, mode: str) -> None:
    """Remember `mode` as the way the user answers unless they choose otherwise."""
    if not VoicePreference.objects.filter(user=user).update(answer_mode=mode):
        VoicePreference.objects.create(user=user, answer_mode=mode)


def interview_mode_choose(*, interview, mode: str, user) -> None:
    """Fix the way of answering `interview` and remember it as the user's default.

    Called inside the start transaction. An empty `mode` (a start form sent without the
    choice, e.g. from a page opened before it existed) stores nothing, so the interview
    follows the user's default as the starts without the form do.
    """
    if mode not in AnswerMode.values:
        return
    # The interview was created in this transaction: it has no choice stored yet.
    InterviewVoice.objects.create(interview=interview, answer_mode=mode)
    preference_set(user=user, mode=mode)

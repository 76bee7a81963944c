"""How a user answers an interview: typing, speaking, or both."""

from django.db.models import OuterRef, Subquery

from core.prepared import Prepared
from interview.models import Interview
from voice.models import AnswerMode, InterviewVoice, VoicePreference

# Asked on every question page, compiled once per process (core.prepared): building these
# queries cost more than running them.
_preferences = Prepared(
    VoicePreference,
    lambda user_id: (
        VoicePreference.objects.filter(user=user_id).only("answer_mode").order_by("pk")[:1]
    ),
)
# The interview's choice and its owner's default in one query.
_modes = Prepared(
    Interview,
    lambda interview_id: (
        Interview.objects.filter(pk=interview_id)
        .only("pk")
        .annotate(
            chosen=Subquery(
                InterviewVoice.objects.filter(interview=OuterRef("pk"))
                .order_by("pk")
                .values("answer_mode")[:1]
            ),
            preferred=Subquery(
                VoicePreference.objects.filter(user=OuterRef("user_id"))
                .order_by("pk")
                .values("answer_mode")[:1]
            ),
        )
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
    modes = _modes.first(interview.pk)
    if modes is None:  # an interview not (or no longer) stored
        return default_mode(interview.user_id)
    if modes.chosen is not None:
        return modes.chosen
    return modes.preferred if modes.preferred is not None else AnswerMode.TYPE


def records_audio(mode: str) -> bool:
    return mode in {AnswerMode.SPEAK, AnswerMode.BOTH}

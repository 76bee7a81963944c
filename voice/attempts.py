"""The recordings among a question's attempts: `spoken_answers` for the attempts page,
with the parts read by SQL compiled once per process (core.prepared)."""

from core.prepared import Prepared
from interview.models import Answer
from voice.models import RecordingPart
from voice.playback import attach_parts, spoken_answers

# The parts of the recordings of these answers (the attempts page loads its answers without
# their recordings), one query however many answers.
_parts = Prepared(
    RecordingPart,
    lambda user_id, answer_ids: (
        RecordingPart.objects.filter(recording__answer_id__in=answer_ids, recording__user=user_id)
        .select_related("recording")
        .order_by("recording_id", "number")
    ),
)


def spoken_attempts(answers, *, user, now) -> None:
    """Annotator: sets `answer.spoken` on each answer, as `spoken_answers` does."""
    if any(Answer.recording.is_cached(answer) for answer in answers):
        spoken_answers(answers, user=user, now=now)
        return
    for answer in answers:
        answer.spoken = None
    attach_parts(answers, _parts.all(user.pk, [answer.pk for answer in answers]), user=user)

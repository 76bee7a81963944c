"""How voice hooks into the interview: a recording loaded with its answer, and joined when
the answer becomes done.

Chunks still in flight (sent after Submit or the timer) land within GRACE_SECONDS and are
joined as each arrives (voice.services.chunk_store); first playback joins anything left.
"""

from django.dispatch import receiver

from interview import signals
from interview.models import Answer
from voice.models import Recording
from voice.services import recording_join_unfinished


def loaded_recording(answer: Answer) -> Recording | None:
    """The answer's recording or None: no query when it came with the answer (the pages and
    the interview's own locks select it, see `with_recording`)."""
    try:
        return answer.recording
    except Recording.DoesNotExist:
        return None


def with_recording(answers, *, user, now) -> None:
    """Answer annotator: `answer.voice_recording` is its Recording or None (joined, no query)."""
    for answer in answers:
        answer.voice_recording = loaded_recording(answer)


@receiver(signals.answer_done, dispatch_uid="voice.join_on_done")
def join_on_done(sender, answer, now, **kwargs):
    if loaded_recording(answer) is not None:
        recording_join_unfinished(answer=answer, now=now)

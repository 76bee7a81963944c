"""When an answer becomes done, join what arrived of its recording's unfinished parts.

Chunks still in flight (sent after Submit or the timer) land within GRACE_SECONDS and are
joined as each arrives (voice.services.chunk_store); first playback joins anything left.
"""

from django.dispatch import receiver

from interview import signals
from voice.services import recording_join_unfinished


@receiver(signals.answer_done, dispatch_uid="voice.join_on_done")
def join_on_done(sender, answer, now, **kwargs):
    recording_join_unfinished(answer=answer, now=now)

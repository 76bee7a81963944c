"""Transcribing a finished recording in the background, when VOICE_TRANSCRIBE is set.

The answer's completion asks for it (voice.receivers); the job runs after the grace period
in which the page's last chunks still land (at once where the task backend cannot wait,
as in development). The transcript is stored beside the recording; the answer's text is
never touched.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django_tasks import task

from voice.models import Recording
from voice.transcription import TranscriptionFailed, configured, transcribe

logger = logging.getLogger(__name__)

# Chunks may still arrive this long after the answer is done (the API's GRACE_SECONDS, 120)
# and the browser's last part is joined then; a little margin on top.
TRANSCRIBE_DELAY = timedelta(seconds=150)


def transcript_request(*, recording: Recording, now) -> None:
    """Mark the recording as waiting and queue the job once the current transaction commits."""
    Recording.objects.filter(pk=recording.pk).update(transcript_status=Recording.Transcript.PENDING)
    recording_id = str(recording.pk)

    def enqueue():
        job = transcribe_recording
        if job.get_backend().supports_defer:
            job = job.using(run_after=now + TRANSCRIBE_DELAY)
        job.enqueue(recording_id)

    transaction.on_commit(enqueue)


def transcript_store(*, recording_id, text: str) -> None:
    Recording.objects.filter(pk=recording_id).update(
        transcript=text, transcript_status=Recording.Transcript.DONE
    )


def transcript_fail(*, recording_id) -> None:
    Recording.objects.filter(pk=recording_id).update(transcript_status=Recording.Transcript.FAILED)


@task()
def transcribe_recording(recording_id: str) -> None:
    """Turn each joined part of the recording into text, in order, and store it."""
    transcriber = configured()
    recording = Recording.objects.filter(pk=recording_id).first()
    if transcriber is None or recording is None:
        return
    texts = []
    try:
        for part in recording.parts.exclude(file="").order_by("number"):
            with part.file.open("rb") as audio:
                data = audio.read()
            name = f"part-{part.number}{part.extension}"
            texts.append(
                transcribe(transcriber, data, filename=name, content_type=part.content_type)
            )
    except (TranscriptionFailed, OSError) as failure:
        logger.warning("Transcribing recording %s failed: %s", recording_id, failure)
        transcript_fail(recording_id=recording_id)
        return
    transcript_store(recording_id=recording_id, text="\n".join(text for text in texts if text))

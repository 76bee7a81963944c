"""Finishing a part, the figures of how one spoke, playback and deleting a recording."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from interview.models import Answer
from voice.models import Recording, RecordingChunk, RecordingPart
from voice.services.chunks import accepting, locked_answer
from voice.services.errors import NotFound
from voice.services.joining import delete_files, join_pending, join_unfinished


@dataclass(frozen=True)
class Figures:
    """How one spoke, measured by the page from the input level (all in ms but the share)."""

    total_ms: int
    speaking_ms: int
    silence_share: float
    long_pauses: int
    longest_pause_ms: int


def recording_figures_set(*, recording: Recording, figures: Figures) -> Recording:
    """Store the figures the page measured for the whole recording so far."""
    recording.duration_ms = figures.total_ms
    recording.speaking_ms = figures.speaking_ms
    recording.silence_share = figures.silence_share
    recording.long_pauses = figures.long_pauses
    recording.longest_pause_ms = figures.longest_pause_ms
    recording.save(
        update_fields=[
            "duration_ms",
            "speaking_ms",
            "silence_share",
            "long_pauses",
            "longest_pause_ms",
            "updated_at",
        ]
    )
    return recording


def part_finish(
    *,
    answer: Answer,
    part_key: str,
    duration_ms: int,
    figures: Figures | None,
    now: datetime,
) -> Recording:
    """The page stopped this part: join its chunks into one playable file and store its
    duration and the recording's figures. Finishing twice changes nothing more."""
    with transaction.atomic():
        answer = locked_answer(answer)
        recording = Recording.objects.filter(answer=answer).first()
        part = recording and recording.parts.filter(client_key=part_key).first()
        if part is None:
            raise NotFound(_("No audio of this recording has arrived."))
        part = join_pending(part, now=now)
        part.duration_ms = duration_ms
        part.finished_at = part.finished_at or now
        part.save(update_fields=["duration_ms", "finished_at"])
        if figures is not None:
            recording_figures_set(recording=recording, figures=figures)
    return recording


def recording_join_unfinished(*, answer: Answer, now: datetime) -> None:
    """Join what has arrived of parts never finished (a closed tab, a crash): called when
    the answer becomes done, inside that change's transaction and its lock."""
    recording = Recording.objects.filter(answer_id=answer.pk).first()
    if recording is not None:
        join_unfinished(recording, now=now)


def part_for_playback(*, recording: Recording, number: int, now: datetime) -> RecordingPart:
    """The part to play, its chunks joined first if some arrived since (or it was never
    finished): nothing received is left out. (The export can call it too.)"""
    part = RecordingPart.objects.filter(recording=recording, number=number).first()
    if part is None:
        raise NotFound()
    if RecordingChunk.objects.filter(part=part).exists():
        with transaction.atomic():
            answer = locked_answer(Answer(pk=recording.answer_id))
            part = join_pending(part, now=now, everything=not accepting(answer, now))
    if not part.file:
        raise NotFound()
    return part


def recording_delete(*, recording: Recording) -> None:
    """Delete a recording's files, then its rows; the answer's text stays.

    Files first: if the storage fails, the rows stay and the user can try again, rather
    than audio they deleted lingering unnamed.
    """
    with transaction.atomic():
        locked_answer(Answer(pk=recording.answer_id))
        names = list(
            RecordingPart.objects.filter(recording=recording)
            .exclude(file="")
            .values_list("file", flat=True)
        )
        names += RecordingChunk.objects.filter(part__recording=recording).values_list(
            "file", flat=True
        )
        delete_files(names)
        Recording.objects.filter(pk=recording.pk).delete()

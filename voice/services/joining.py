"""Joining a part's chunks into one playable file, through the storage API."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from voice import webm
from voice.models import RecordingChunk, RecordingPart


def storage():
    """Where recordings live: the FileField's storage (the default storage, local or S3)."""
    return RecordingChunk._meta.get_field("file").storage


def delete_files(names) -> None:
    """Delete stored files by name (a name already gone is no error)."""
    store = storage()
    for name in names:
        if name:
            store.delete(name)


def read_file(name: str) -> bytes:
    with storage().open(name, "rb") as stored:
        return stored.read()


def _playable(part: RecordingPart, data: bytes) -> tuple[bytes, int | None]:
    """WebM gets the Duration MediaRecorder leaves out; MP4 and Ogg stay as they arrived."""
    if part.content_type != "audio/webm":
        return data, None
    measured = webm.measure_ms(data)
    if not measured:
        return data, None
    try:
        return webm.with_duration(data, measured), measured
    except (webm.NotWebM, ValueError):
        return data, measured


def _joinable(part: RecordingPart, chunks: list, everything: bool) -> list:
    """The chunks that continue the part's file without a gap (all of them, gaps skipped,
    once no more audio can arrive)."""
    if everything:
        return chunks
    following, expected = [], part.joined_sequences
    for chunk in chunks:
        if chunk.sequence != expected:
            break
        following.append(chunk)
        expected += 1
    return following


def join_pending(part: RecordingPart, *, now: datetime, everything: bool = False) -> RecordingPart:
    """Append the part's stored chunks, in sequence order, to its file (made on the first
    join) and delete them. The caller holds the answer's lock.

    Runs whenever a part may be heard (finished, the answer done, a late chunk, playback).
    While audio may still arrive only the chunks that follow on without a gap are joined,
    so a chunk that overtook a slower one waits for it; with `everything` (no more audio
    can come) the rest is joined too. The old file and the chunks' files are deleted once
    the new file's row is committed; the new file is deleted if anything fails before that.
    """
    part = RecordingPart.objects.get(pk=part.pk)
    chunks = _joinable(part, list(part.chunks.order_by("sequence")), everything)
    if not chunks:
        return part
    old_name = part.file.name or ""
    pieces = [read_file(old_name)] if old_name else []
    pieces += [read_file(chunk.file.name) for chunk in chunks]
    data, measured = _playable(part, b"".join(pieces))
    part.file.save("part", ContentFile(data), save=False)
    new_name = part.file.name
    try:
        with transaction.atomic():
            part.joined_sequences = max(part.joined_sequences, chunks[-1].sequence + 1)
            if measured and not part.finished_at:
                part.duration_ms = measured
            part.save(update_fields=["file", "joined_sequences", "duration_ms"])
            RecordingChunk.objects.filter(pk__in=[chunk.pk for chunk in chunks]).delete()
    except BaseException:
        delete_files([new_name])
        raise
    gone = [old_name, *(chunk.file.name for chunk in chunks)]
    transaction.on_commit(lambda: delete_files(gone))
    return part


def join_unfinished(recording, *, now: datetime, everything: bool = False) -> None:
    """Join every part of `recording` that has chunks waiting (the caller holds the lock)."""
    waiting = (
        RecordingPart.objects.filter(recording=recording, chunks__isnull=False)
        .annotate(last=Max("chunks__sequence"))
        .order_by("number")
    )
    for part in waiting:
        join_pending(part, now=now, everything=everything)

"""Stored audio files that no row names, for the orphan command."""

from datetime import datetime, timedelta

from voice.limits import ORPHAN_MIN_AGE_SECONDS
from voice.models import RecordingChunk, RecordingPart
from voice.services.joining import storage

FOLDERS = ("recordings", "recording-chunks")


def _walk(store, folder: str):
    try:
        folders, files = store.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(store, f"{folder}/{sub}")


def orphan_files(*, now: datetime) -> list[str]:
    """Names of files under recordings/ and recording-chunks/ that no part or chunk names.

    Safe while people record: a chunk's file is written just before its row, and a joined
    part's file before its row is updated, so files younger than ORPHAN_MIN_AGE_SECONDS are
    never listed. The caller deletes them (voice.services.joining.delete_files).
    """
    store = storage()
    named = set(RecordingPart.objects.exclude(file="").values_list("file", flat=True))
    named |= set(RecordingChunk.objects.values_list("file", flat=True))
    oldest = now - timedelta(seconds=ORPHAN_MIN_AGE_SECONDS)
    orphans = []
    for folder in FOLDERS:
        for name in _walk(store, folder):
            if name in named:
                continue
            if store.get_modified_time(name) > oldest:
                continue
            orphans.append(name)
    return sorted(orphans)

"""Stored recording files that no row names: left by a crash between storing a file and
committing its row, or by a deletion whose file removal failed."""

from datetime import datetime, timedelta

from django.core.files.storage import default_storage

from voice.files import FOLDERS, list_files
from voice.models import RecordingChunk, RecordingPart

# A file younger than this may belong to a chunk being stored right now (its row is not
# committed yet): never an orphan.
MIN_ORPHAN_AGE = timedelta(hours=1)


def stored_files() -> list[str]:
    """Every file under the recording folders (one subfolder a user)."""
    names = []
    for folder in FOLDERS:
        try:
            subfolders, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        names += [f"{folder}/{name}" for name in files]
        for sub in subfolders:
            names += list_files(f"{folder}/{sub}")
    return names


def orphan_files(*, now: datetime) -> list[str]:
    """Files no part or chunk names, older than MIN_ORPHAN_AGE, sorted."""
    candidates = [
        name
        for name in stored_files()
        if default_storage.get_modified_time(name) <= now - MIN_ORPHAN_AGE
    ]
    if not candidates:
        return []
    # Read the names after listing: a row committed meanwhile still protects its file.
    named = set(RecordingPart.objects.exclude(file="").values_list("file", flat=True))
    named |= set(RecordingChunk.objects.values_list("file", flat=True))
    return sorted(name for name in candidates if name not in named)

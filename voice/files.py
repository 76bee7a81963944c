"""The files behind a user's recordings, through the storage API (local folder or S3)."""

import logging

from voice.models import RecordingChunk, RecordingPart
from voice.services.joining import storage
from voice.services.orphans import FOLDERS

logger = logging.getLogger(__name__)


def user_file_names(user_id: int) -> set[str]:
    """Every stored file of the user's recordings: those the rows name, and anything else
    in the user's own folders (a file whose row never committed)."""
    names = set(
        RecordingPart.objects.filter(recording__user_id=user_id)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    names |= set(
        RecordingChunk.objects.filter(part__recording__user_id=user_id).values_list(
            "file", flat=True
        )
    )
    for folder in FOLDERS:
        names |= set(list_files(f"{folder}/{user_id}"))
    return names


def list_files(folder: str) -> list[str]:
    """The files directly in `folder` ([] when it does not exist)."""
    try:
        _dirs, files = storage().listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [f"{folder}/{name}" for name in files]


def delete_files(names) -> int:
    """Delete the named files; a file already gone is no error. How many were deleted."""
    deleted = 0
    for name in sorted(names):
        try:
            storage().delete(name)
        except OSError:
            logger.warning("Could not delete the recording file %s", name, exc_info=True)
        else:
            deleted += 1
    return deleted

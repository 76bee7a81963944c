"""An uploaded .apkg waits between the preview and the import in storage, under a random name.

An admin who previews and walks away leaves the file behind: each new upload first deletes
those waiting longer than STALE_AFTER, so the folder holds at most a day of previews.
"""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import clock

FOLDER = "imports/anki"
STALE_AFTER = timedelta(days=1)


def _path(token: uuid.UUID) -> str:
    return f"{FOLDER}/{token.hex}.apkg"


def upload_save(data: bytes) -> uuid.UUID:
    uploads_forget_stale()
    token = uuid.uuid4()
    default_storage.save(_path(token), ContentFile(data))
    return token


def upload_read(token: uuid.UUID) -> bytes | None:
    """The upload's bytes, or None when it is gone (imported, or never there)."""
    path = _path(token)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def upload_delete(token: uuid.UUID) -> None:
    default_storage.delete(_path(token))


def uploads_forget_stale() -> int:
    """Delete uploads waiting longer than STALE_AFTER; how many went."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing was ever uploaded
        return 0
    cutoff = clock.now() - STALE_AFTER
    forgotten = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                forgotten += 1
        except FileNotFoundError:  # imported by its confirm meanwhile
            continue
    return forgotten

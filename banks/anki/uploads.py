"""An uploaded .apkg waits between the preview and the import in storage, under a random name."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "imports/anki"


def _path(token: uuid.UUID) -> str:
    return f"{FOLDER}/{token.hex}.apkg"


def upload_save(data: bytes) -> uuid.UUID:
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

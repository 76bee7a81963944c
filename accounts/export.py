"""What a user's data export contains: the account here, and each app's own part.

Feature apps register an exporter in their AppConfig.ready; this app imports none of them.
The export is a ZIP: the JSON (`data.json`) and the files apps add (e.g. recordings).
"""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable

from django.core.serializers.json import DjangoJSONEncoder

_exporters: dict[str, Callable[[object], object]] = {}
# files(user) -> (name inside the app's folder, bytes or a file opened for reading)
FileExporter = Callable[[object], Iterable[tuple[str, object]]]
_file_exporters: dict[str, FileExporter] = {}

# Kept in memory up to this size, then in a temporary file.
SPOOL_BYTES = 10 * 1024 * 1024
JSON_NAME = "data.json"


def register_exporter(key: str, exporter: Callable[[object], object]) -> None:
    """`exporter(user)` returns plain, JSON-ready data stored under `key` in the export."""
    _exporters[key] = exporter


def register_file_exporter(key: str, files: FileExporter) -> None:
    """`files(user)` yields (name, bytes or open file); each lands in the ZIP as `key/name`."""
    _file_exporters[key] = files


def user_data(user) -> dict:
    data = {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }
    for key, exporter in _exporters.items():
        data[key] = exporter(user)
    return data


def user_archive(user):
    """The ZIP of the user's data, as a file rewound to its start (the caller closes it)."""
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned)
    payload = json.dumps(user_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(JSON_NAME, payload, compress_type=zipfile.ZIP_DEFLATED)
        for key, files in _file_exporters.items():
            for name, content in files(user):
                # Audio and images are compressed already: stored as they are.
                with zipped.open(f"{key}/{name}", "w", force_zip64=True) as target:
                    if isinstance(content, bytes):
                        target.write(content)
                    else:
                        with content:
                            shutil.copyfileobj(content, target)
    archive.seek(0)
    return archive

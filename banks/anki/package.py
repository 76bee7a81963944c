"""Opening an .apkg: a ZIP holding an SQLite collection, a media map and numbered media files.

Three kinds of collection: `collection.anki2` (legacy, schema 11), `collection.anki21`
(schema 11, newer Anki) and `collection.anki21b` (Anki 23.10+'s default: zstd-compressed
SQLite with schema 18). The media map is JSON (`{"0": "image.png"}`) in the older format and
a zstd-compressed protobuf `MediaEntries` in the newer one, whose media files are
zstd-compressed too. Everything is read with limits: nothing is ever extracted to disk by
its own name, and a package that claims paths outside itself is refused whole.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import zstandard
from django.utils.translation import gettext as _

from banks.anki import limits
from banks.anki.protobuf import ProtobufError, media_entries

# Newest first: a 23.10+ package also holds a legacy collection.anki2 that only says
# "please update Anki".
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class PackageRefused(Exception):
    """The file is not an .apkg we can read; the message says why, for the admin."""


@dataclass
class Package:
    """The collection's SQLite bytes, which kind it was, and the media by file name."""

    collection: bytes
    kind: str
    media: dict[str, bytes] = field(default_factory=dict)


def read_package(data: bytes) -> Package:
    """Unpack an .apkg held in memory, or raise PackageRefused."""
    if len(data) > limits.MAX_PACKAGE_BYTES:
        raise PackageRefused(too_large_message())
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        message = _("This file is not an Anki package (.apkg): it is not a ZIP file.")
        raise PackageRefused(message) from None
    with archive:
        reader = SafeZip(archive)
        kind = next((name for name in COLLECTION_NAMES if name in reader.names), None)
        if kind is None:
            raise PackageRefused(
                _("This ZIP file holds no Anki collection (collection.anki2, .anki21 or .anki21b).")
            )
        collection = reader.read(kind)
        if kind.endswith("b") or collection.startswith(ZSTD_MAGIC):
            collection = decompress(collection)
        media = _read_media(reader) if "media" in reader.names else {}
    return Package(collection=collection, kind=kind, media=media)


def too_large_message() -> str:
    return _("This file is over the limit of %(mb)d MB for an Anki package.") % {
        "mb": limits.MAX_PACKAGE_BYTES // (1024 * 1024)
    }


class SafeZip:
    """Reads members of a ZIP by name, refusing paths outside it and capping what unpacks."""

    def __init__(self, archive: zipfile.ZipFile):
        infos = archive.infolist()
        if len(infos) > limits.MAX_MEMBERS:
            raise PackageRefused(
                _("This package holds more than %(count)d files.") % {"count": limits.MAX_MEMBERS}
            )
        for info in infos:
            if not _inside(info.filename):
                raise PackageRefused(
                    _("This package names a file outside itself (%(name)s); it was not read.")
                    % {"name": info.filename[:80]}
                )
        if sum(info.file_size for info in infos) > limits.MAX_UNPACKED_BYTES:
            raise PackageRefused(bomb_message())
        self.archive = archive
        self.names = {info.filename: info for info in infos}
        self.unpacked = 0

    def read(self, name: str) -> bytes:
        """One member's bytes; the sizes it claims are not trusted, the bytes read are."""
        budget = min(limits.MAX_MEMBER_BYTES, limits.MAX_UNPACKED_BYTES - self.unpacked)
        try:
            with self.archive.open(self.names[name]) as member:
                data = member.read(budget + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise PackageRefused(
                _("The file %(name)s in this package is damaged.") % {"name": name[:80]}
            ) from None
        if len(data) > budget:
            raise PackageRefused(bomb_message())
        self.unpacked += len(data)
        return data


def _inside(name: str) -> bool:
    """A member name that stays inside the archive: relative, no "..", no drive letters."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    return ".." not in PurePosixPath(name).parts


def bomb_message() -> str:
    return _("This package would unpack to more than %(mb)d MB (a zip bomb?); it was not read.") % {
        "mb": limits.MAX_UNPACKED_BYTES // (1024 * 1024)
    }


def decompress(data: bytes) -> bytes:
    """zstd-decompress with the unpack limit, whatever size the frame claims."""
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        out = reader.read(limits.MAX_MEMBER_BYTES + 1)
    except zstandard.ZstdError:
        raise PackageRefused(_("A compressed file in this package is damaged.")) from None
    if len(out) > limits.MAX_MEMBER_BYTES:
        raise PackageRefused(bomb_message())
    return out


def _read_media(reader: SafeZip) -> dict[str, bytes]:
    """Media file name → bytes, from the JSON or protobuf map; missing members are skipped."""
    raw = reader.read("media")
    if raw.startswith(ZSTD_MAGIC):
        try:
            entries = media_entries(decompress(raw))
        except ProtobufError:
            raise PackageRefused(damaged_media_message()) from None
        index = {str(number): name for number, name in entries}
    else:
        try:
            mapping = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise PackageRefused(damaged_media_message()) from None
        if not isinstance(mapping, dict):
            raise PackageRefused(damaged_media_message())
        index = {str(number): str(name) for number, name in mapping.items()}
    media = {}
    for member, name in index.items():
        if member not in reader.names:
            continue
        data = reader.read(member)
        media[name] = decompress(data) if data.startswith(ZSTD_MAGIC) else data
    return media


def damaged_media_message() -> str:
    return _("The media list of this package is damaged.")

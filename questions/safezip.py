"""Reading untrusted ZIP archives (a Markdown file with its images, an Anki .apkg) safely.

Nothing is extracted to disk: members are read into memory by name. Refused with a clear
message (ZipRefused): not a ZIP, too large, too many files, a name that points outside the
archive (absolute, `..`, a drive letter), encrypted files, and zip bombs (more unpacked in
all than the limit, or one file unpacking far larger than it is compressed). The sizes a
ZIP declares can lie, so reading stops at the declared size and checks it.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from questions.limits import ZIP_MAX_BYTES, ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_TOTAL_BYTES

# Below this, a high compression ratio is harmless (a small text file of spaces).
_RATIO_FLOOR_BYTES = 1024 * 1024


class ZipRefused(Exception):
    """An archive that will not be read; the message says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ZipMember:
    name: str  # a clean relative POSIX path inside the archive
    size: int  # declared unpacked size in bytes


def _clean_name(raw: str) -> str:
    """The member's path, or ZipRefused when it would point outside the archive."""
    name = raw.replace("\\", "/")
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise ZipRefused(_("The archive is refused: “%(name)s” points outside it.") % {"name": raw})
    return posixpath.normpath(name)


class SafeZip:
    """An opened archive whose names and sizes have been checked; `read(name)` its files."""

    def __init__(self, data: bytes, *, label: str = ""):
        label = label or _("The archive")
        if len(data) > ZIP_MAX_BYTES:
            raise ZipRefused(
                _("%(name)s is %(size)s; an archive may be at most %(limit)s.")
                % {
                    "name": label,
                    "size": filesizeformat(len(data)),
                    "limit": filesizeformat(ZIP_MAX_BYTES),
                }
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as error:
            raise ZipRefused(_("%(name)s is not a ZIP archive.") % {"name": label}) from error
        files = [info for info in infos if not info.is_dir()]
        if len(files) > ZIP_MAX_MEMBERS:
            raise ZipRefused(
                _("%(name)s holds %(count)d files; at most %(limit)d are read.")
                % {"name": label, "count": len(files), "limit": ZIP_MAX_MEMBERS}
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in files:
            name = _clean_name(info.filename)
            if info.flag_bits & 0x1:
                raise ZipRefused(
                    _("The archive is refused: “%(name)s” is encrypted.") % {"name": name}
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR_BYTES and ratio > ZIP_MAX_RATIO:
                raise ZipRefused(_bomb_message(label))
            total += info.file_size
            self._infos[name] = info
        if total > ZIP_MAX_TOTAL_BYTES:
            raise ZipRefused(_bomb_message(label))
        self._read_total = 0
        self.members = [ZipMember(name, info.file_size) for name, info in self._infos.items()]

    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes; ZipRefused when it unpacks larger than it says, or when
        everything read so far passes the archive limit."""
        info = self._infos[name]
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as error:
            raise ZipRefused(_("“%(name)s” in the archive is damaged.") % {"name": name}) from error
        if len(data) > info.file_size:
            raise ZipRefused(_bomb_message(name))
        self._read_total += len(data)
        if self._read_total > ZIP_MAX_TOTAL_BYTES:
            raise ZipRefused(_bomb_message(name))
        return data


def _bomb_message(label: str) -> str:
    return _(
        "%(name)s unpacks to more than %(limit)s (or far more than its own size) and is "
        "refused as a possible zip bomb."
    ) % {"name": label, "limit": filesizeformat(ZIP_MAX_TOTAL_BYTES)}


def open_safe_zip(data: bytes, *, label: str = "") -> SafeZip:
    """Open `data` as an untrusted ZIP archive (see the module's docstring)."""
    return SafeZip(data, label=label)

"""Untrusted ZIP archives: read by name, refused with a message when unsafe."""

import io
import zipfile

import pytest
from django.utils import translation

from questions import safezip
from questions.safezip import ZipRefused, open_safe_zip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def zip_of(files, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data, **kwargs) -> str:
    with pytest.raises(ZipRefused) as refused:
        open_safe_zip(data, **kwargs)
    return refused.value.message


def test_members_are_read_by_their_clean_names():
    archive = open_safe_zip(zip_of({"deck/./media/a.png": b"A", "deck/notes.md": b"# 1. x"}))
    assert sorted(archive.names()) == ["deck/media/a.png", "deck/notes.md"]
    assert archive.read("deck/media/a.png") == b"A"
    assert "deck/notes.md" in archive and "notes.md" not in archive


@pytest.mark.parametrize(
    "name", ["../evil.png", "a/../../evil.png", "/etc/passwd", "C:/x.png", "..\\x"]
)
def test_paths_outside_the_archive_are_refused(name):
    assert "points outside it" in refusal(zip_of({name: b"x"}))


def test_what_is_not_a_zip_is_refused():
    assert (
        refusal(b"PK\x03\x04 but not really", label="deck.apkg")
        == "deck.apkg is not a ZIP archive."
    )


def test_too_many_files_are_refused(monkeypatch):
    monkeypatch.setattr(safezip, "ZIP_MAX_MEMBERS", 3)
    assert "holds 4 files; at most 3" in refusal(zip_of({f"{n}.txt": b"" for n in range(4)}))


def test_a_zip_bomb_is_refused_by_its_ratio():
    bomb = zip_of({"zeros.bin": b"\0" * (5 * 1024 * 1024)})
    assert "possible zip bomb" in refusal(bomb)


def test_a_zip_bomb_is_refused_by_its_total(monkeypatch):
    monkeypatch.setattr(safezip, "ZIP_MAX_TOTAL_BYTES", 1000)
    files = {f"{n}.bin": bytes(range(256)) * 2 for n in range(3)}
    assert "possible zip bomb" in refusal(zip_of(files, zipfile.ZIP_STORED))


def test_a_member_that_unpacks_larger_than_it_declares_is_refused():
    data = bytearray(zip_of({"a.txt": b"x" * 100}, zipfile.ZIP_STORED))
    # Lower the declared size in the central directory to 10 bytes.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive = open_safe_zip(bytes(data))
    with pytest.raises(ZipRefused):
        archive.read("a.txt")


def test_an_archive_over_the_limit_is_refused_with_the_limit_stated(monkeypatch):
    monkeypatch.setattr(safezip, "ZIP_MAX_BYTES", 10)
    assert "at most 10\xa0bytes" in refusal(zip_of({"a": b"a"}), label="big.zip")

"""Building .apkg files for tests, by hand: the three collection kinds Anki writes.

`collection.anki2` and `collection.anki21` hold schema 11 (note types and decks as JSON in
`col`); `collection.anki21b` is zstd-compressed schema 18 (tables of their own, deck names
split by \\x1f) beside a legacy `collection.anki2` that only says "update Anki", with a
protobuf media map and zstd-compressed media files.
"""

import hashlib
import io
import json
import sqlite3
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field

import zstandard

from banks.anki.protobuf import encode_media_entries

SCHEMA_11 = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
"""
SCHEMA_18_EXTRA = """
CREATE TABLE notetypes (id integer not null primary key, name text not null COLLATE unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE TABLE fields (ntid integer not null, ord integer not null,
  name text not null COLLATE unicase, config blob not null, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer not null, ord integer not null,
  name text not null COLLATE unicase, mtime_secs integer not null, usn integer not null,
  config blob not null, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE decks (id integer primary key not null, name text not null COLLATE unicase,
  mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE TABLE tags (tag text not null primary key COLLATE unicase, usn integer not null,
  collapsed boolean not null, config blob null) without rowid;
CREATE TABLE config (KEY text not null primary key, usn integer not null,
  mtime_secs integer not null, val blob not null) without rowid;
"""


@dataclass
class NoteSpec:
    guid: str
    fields: list[str]
    tags: list[str] = field(default_factory=list)
    deck: str = "Interview"
    notetype: str = "Basic"


@dataclass
class NoteTypeSpec:
    name: str
    fields: list[str]
    id: int = 0


BASIC = NoteTypeSpec("Basic", ["Front", "Back"], id=1_600_000_000_001)


def png(seed: int = 0) -> bytes:
    """A real 2×2 PNG (`seed` changes its bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + bytes([seed % 256, 10, 200]) * 2 for _row in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _unicase(left, right):
    return (left.casefold() > right.casefold()) - (left.casefold() < right.casefold())


def collection(
    notes, notetypes=(BASIC,), *, schema: int = 11, created: int = 1_700_000_000
) -> bytes:
    """An SQLite collection of `notes`, in schema 11 or 18, as bytes."""
    deck_names = sorted({note.deck for note in notes} | {"Default"})
    # Every parent level exists as a deck of its own, as in Anki.
    for name in list(deck_names):
        parts = name.split("::")
        deck_names += ["::".join(parts[:n]) for n in range(1, len(parts))]
    deck_ids = {name: 1 if name == "Default" else 1_500_000_000_000 + i
                for i, name in enumerate(sorted(set(deck_names)))}  # fmt: skip
    types = {spec.name: spec for spec in notetypes}
    with tempfile.NamedTemporaryFile(suffix=".anki2") as temporary:
        connection = sqlite3.connect(temporary.name)
        connection.create_collation("unicase", _unicase)
        connection.executescript(SCHEMA_11 + (SCHEMA_18_EXTRA if schema == 18 else ""))
        models = {
            str(spec.id): {
                "id": spec.id,
                "name": spec.name,
                "flds": [{"name": name, "ord": n} for n, name in enumerate(spec.fields)],
                "tmpls": [{"name": "Card 1", "qfmt": "{{" + spec.fields[0] + "}}"}],
            }
            for spec in notetypes
        }
        decks = {str(i): {"id": i, "name": name} for name, i in deck_ids.items()}
        if schema == 18:
            models_json, decks_json = "", ""
            for spec in notetypes:
                connection.execute(
                    "INSERT INTO notetypes VALUES (?, ?, 0, 0, x'')", (spec.id, spec.name)
                )
                for n, name in enumerate(spec.fields):
                    connection.execute(
                        "INSERT INTO fields VALUES (?, ?, ?, x'')", (spec.id, n, name)
                    )
            for name, deck_id in deck_ids.items():
                connection.execute(
                    "INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')",
                    (deck_id, name.replace("::", "\x1f")),
                )
        else:
            models_json, decks_json = json.dumps(models), json.dumps(decks)
        connection.execute(
            "INSERT INTO col VALUES (1, ?, 0, 0, ?, 0, 0, 0, '{}', ?, ?, '{}', '{}')",
            (created, schema, models_json, decks_json),
        )
        for n, note in enumerate(notes, start=1):
            note_id = 1_650_000_000_000 + n
            connection.execute(
                "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')",
                (note_id, note.guid, types[note.notetype].id, f" {' '.join(note.tags)} ",
                 "\x1f".join(note.fields)),
            )  # fmt: skip
            connection.execute(
                "INSERT INTO cards VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (note_id + 10_000, note_id, deck_ids[note.deck]),
            )
        connection.commit()
        connection.close()
        with open(temporary.name, "rb") as written:
            return written.read()


def apkg(kind: str, notes, *, notetypes=(BASIC,), media=None, extra=None) -> bytes:
    """An .apkg of kind "anki2", "anki21" or "anki21b" holding `notes` and `media`
    (file name → bytes); `extra` adds ZIP members as they are (name → bytes)."""
    media = media or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "anki21b":
            compress = zstandard.ZstdCompressor().compress
            archive.writestr(
                "collection.anki21b", compress(collection(notes, notetypes, schema=18))
            )
            legacy = NoteSpec("legacy", ["Please update to the latest Anki version.", ""])
            archive.writestr("collection.anki2", collection([legacy]))
            archive.writestr("meta", b"\x08\x03")
            entries = [
                (name, len(data), hashlib.sha1(data).digest()) for name, data in media.items()
            ]
            archive.writestr("media", compress(encode_media_entries(entries)))
            for n, data in enumerate(media.values()):
                archive.writestr(str(n), compress(data))
        else:
            archive.writestr(f"collection.{kind}", collection(notes, notetypes))
            archive.writestr("media", json.dumps({str(n): name for n, name in enumerate(media)}))
            for n, data in enumerate(media.values()):
                archive.writestr(str(n), data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def open_package(data: bytes) -> dict:
    """The notes, model and media of an .apkg, read with zipfile and sqlite3 alone."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        media_map = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in media_map.items()}
        collection = archive.read("collection.anki2")
    with tempfile.NamedTemporaryFile() as temporary:
        temporary.write(collection)
        temporary.flush()
        connection = sqlite3.connect(temporary.name)
        notes = connection.execute("SELECT guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        connection.close()
    return {
        "names": names,
        "media": media,
        "notes": [
            {"guid": guid, "mid": mid, "tags": tags.split(), "fields": fields.split("\x1f")}
            for guid, mid, tags, fields in notes
        ],
        "models": models,
        "decks": decks,
        "cards": cards,
    }

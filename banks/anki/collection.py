"""Reading notes, note types and decks out of an Anki collection's SQLite database.

Schema 11 keeps note types and decks as JSON in the single `col` row; schema 18 (the
anki21b collections) has `notetypes`, `fields` and `decks` tables of their own, whose deck
names separate levels with \\x1f instead of "::". The database is written to a temporary
file and opened read-only; its `unicase` collation is registered so queries work.
"""

import json
import sqlite3
import tempfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from banks.anki import limits
from banks.anki.package import PackageRefused

FIELD_SEPARATOR = "\x1f"


@dataclass
class NoteType:
    id: int
    name: str
    fields: list[str]


@dataclass
class Note:
    id: int
    guid: str
    notetype_id: int
    fields: list[str]
    tags: list[str]
    deck: str = ""


@dataclass
class Collection:
    notetypes: dict[int, NoteType]
    decks: dict[int, str]
    notes: list[Note]
    created: int = 0
    root_deck_ids: dict[str, int] = field(default_factory=dict)


def _unicase(left: str, right: str) -> int:
    left, right = left.casefold(), right.casefold()
    return (left > right) - (left < right)


def read_collection(data: bytes) -> Collection:
    """The collection's note types, decks and notes, or PackageRefused if it is unreadable."""
    with tempfile.NamedTemporaryFile(suffix=".anki2") as temporary:
        temporary.write(data)
        temporary.flush()
        try:
            connection = sqlite3.connect(f"file:{temporary.name}?mode=ro", uri=True)
        except sqlite3.Error:
            raise PackageRefused(corrupt_message()) from None
        connection.create_collation("unicase", _unicase)
        try:
            return _read(connection)
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError):
            raise PackageRefused(corrupt_message()) from None
        finally:
            connection.close()


def corrupt_message() -> str:
    return _("The collection in this package is not a readable Anki database.")


def _read(connection: sqlite3.Connection) -> Collection:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    created, models_json, decks_json = connection.execute(
        "SELECT crt, models, decks FROM col"
    ).fetchone()
    if "notetypes" in tables:
        notetypes, decks = _schema_18(connection)
    else:
        notetypes, decks = _schema_11(models_json, decks_json)
    count = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > limits.MAX_NOTES:
        raise PackageRefused(
            _("This deck has %(count)d notes; at most %(limit)d can be imported at once.")
            % {"count": count, "limit": limits.MAX_NOTES}
        )
    note_decks = dict(connection.execute("SELECT nid, min(did) FROM cards GROUP BY nid"))
    notes = []
    rows = connection.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")
    for note_id, guid, notetype_id, fields, tags in rows:
        notes.append(
            Note(
                id=note_id,
                guid=str(guid),
                notetype_id=notetype_id,
                fields=str(fields).split(FIELD_SEPARATOR),
                tags=str(tags).split(),
                deck=decks.get(note_decks.get(note_id), ""),
            )
        )
    root_ids = {name: deck_id for deck_id, name in decks.items() if "::" not in name}
    return Collection(
        notetypes=notetypes, decks=decks, notes=notes, created=created, root_deck_ids=root_ids
    )


def _schema_11(models_json: str, decks_json: str) -> tuple[dict, dict]:
    notetypes = {}
    for model in json.loads(models_json or "{}").values():
        names = [f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])]
        notetype_id = int(model["id"])
        notetypes[notetype_id] = NoteType(id=notetype_id, name=model["name"], fields=names)
    decks = {int(deck["id"]): deck["name"] for deck in json.loads(decks_json or "{}").values()}
    return notetypes, decks


def _schema_18(connection: sqlite3.Connection) -> tuple[dict, dict]:
    notetypes = {
        notetype_id: NoteType(id=notetype_id, name=name, fields=[])
        for notetype_id, name in connection.execute("SELECT id, name FROM notetypes")
    }
    for notetype_id, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        if notetype_id in notetypes:
            notetypes[notetype_id].fields.append(name)
    decks = {
        deck_id: str(name).replace(FIELD_SEPARATOR, "::")
        for deck_id, name in connection.execute("SELECT id, name FROM decks")
    }
    return notetypes, decks

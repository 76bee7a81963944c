"""What other apps' tests (the browser tests) may use of banks' test helpers: Anki packages
built in the test (banks.tests.anki_decks)."""

from banks.tests.anki_decks import BASIC, NoteSpec, NoteTypeSpec, apkg, png

__all__ = ["BASIC", "NoteSpec", "NoteTypeSpec", "apkg", "png"]

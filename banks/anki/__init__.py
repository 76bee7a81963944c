"""Anki decks in and out: reading .apkg packages ourselves (all three collection kinds),
turning their notes into questions, and building decks of ours with genanki."""

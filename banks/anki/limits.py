"""The limits of Anki decks in and out, each defined once."""

# The largest .apkg the admin may upload (a deck of a thousand notes with images is ~20 MB).
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
# What a package may unpack to in all, and any one file in it: a zip bomb stops here.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
# Files in one package (the collection, the media map, the media files).
MAX_MEMBERS = 5_000
# Notes in one deck we import in one go; the preview lists each one.
MAX_NOTES = 2_000
# Questions in one deck we export (the whole bank has about a hundred).
MAX_EXPORT_QUESTIONS = 1_000
# An Anki note's field that becomes a title is cut to the title's length (Question.title).
TITLE_MAX_CHARS = 300
# A tag's name (Tag.name_zh / name_en) and slug (Tag.slug).
TAG_NAME_MAX_CHARS = 60
TAG_SLUG_MAX_CHARS = 60

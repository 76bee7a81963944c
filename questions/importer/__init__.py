"""Read a Markdown question file in the seed's format and bring the bank in line with it.

Split by idea: `parsing` reads the file into questions, `metadata` reads and checks the
JSON beside it, `writing` creates and updates the questions. Parsing and checking collect
every problem with its line number before anything is written, and the import runs in one
transaction, so a malformed file imports nothing.
"""

from questions.importer.metadata import read_metadata, related_pairs
from questions.importer.parsing import (
    MAX_FILE_BYTES,
    MAX_TITLE_CHARS,
    ImportProblem,
    ParsedQuestion,
    parse_questions,
    read_question_file,
)
from questions.importer.writing import ImportReport, import_questions

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TITLE_CHARS",
    "ImportProblem",
    "ImportReport",
    "ParsedQuestion",
    "import_questions",
    "parse_questions",
    "read_metadata",
    "read_question_file",
    "related_pairs",
]

"""Bringing questions into the bank, whatever they come from.

Split by idea: `sources` is the one door (a question's identity is its source and the
source's own key; all or nothing), `checks` checks items before anything is written,
`parsing` reads a seed-style Markdown file, `metadata` reads and checks the JSON beside
it or at its top, and `writing` turns a Markdown file into one source's questions.
"""

from questions.importer.metadata import check_metadata, read_metadata, split_front_matter
from questions.importer.parsing import (
    MAX_FILE_BYTES,
    MAX_TITLE_CHARS,
    ImportProblem,
    ParsedQuestion,
    decode_question_text,
    parse_questions,
    read_question_file,
)
from questions.importer.sources import (
    ImportedQuestion,
    ImportRefused,
    ImportReport,
    ImportRow,
    import_source,
)
from questions.importer.writing import import_markdown, markdown_source_key

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TITLE_CHARS",
    "ImportProblem",
    "ImportRefused",
    "ImportReport",
    "ImportRow",
    "ImportedQuestion",
    "ParsedQuestion",
    "check_metadata",
    "decode_question_text",
    "import_markdown",
    "import_source",
    "markdown_source_key",
    "parse_questions",
    "read_metadata",
    "read_question_file",
    "split_front_matter",
]

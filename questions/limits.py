"""The limits of a question, defined once and used by the model, the importer, the
interview's forms and services, and the templates."""

# The suggested time to answer a question, and the range an interview may set per question.
MIN_MINUTES = 1
MAX_MINUTES = 30
DEFAULT_ANSWER_MINUTES = 3

# The largest file an import takes (Markdown, CSV, XLSX, JSON), in bytes.
IMPORT_MAX_BYTES = 5 * 1024 * 1024

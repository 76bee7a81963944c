"""The limits of a question, defined once and used by the model, the importer, the
interview's forms and services, and the templates."""

# The suggested time to answer a question, and the range an interview may set per question.
MIN_MINUTES = 1
MAX_MINUTES = 30
DEFAULT_ANSWER_MINUTES = 3

# Figures (questions.figures_store): the largest image file an admin may upload or an import
# may bring, and the largest side in pixels (a tiny file can claim an enormous canvas).
FIGURE_MAX_BYTES = 5 * 1024 * 1024
FIGURE_MAX_SIDE = 10_000
# Remote images downloaded at import (questions.figures_remote): how long to wait for one,
# and how many one import may fetch.
FIGURE_DOWNLOAD_TIMEOUT_SECONDS = 10
FIGURE_DOWNLOADS_PER_IMPORT = 200

# The largest file an import takes (Markdown, CSV, XLSX, JSON), in bytes.
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# ZIP archives brought to an import (questions.safezip; Markdown with its images, Anki
# decks): the archive itself, how many files it may hold, how much they may unpack to in
# all, and how many times larger than its compressed size one file may be (zip bombs).
ZIP_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_MEMBERS = 5_000
ZIP_MAX_TOTAL_BYTES = 300 * 1024 * 1024
ZIP_MAX_RATIO = 100

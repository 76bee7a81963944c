"""Every limit of a recording, defined once and used by forms, services, views and pages."""

from django.conf import settings

# Containers the server stores (MediaRecorder's type without its codecs), and the bytes
# each one starts with: WebM/Matroska's EBML header, MP4's `ftyp` box at offset 4, Ogg's page.
CONTAINERS = ("audio/webm", "audio/mp4", "audio/ogg")
MAGIC = {
    "audio/webm": (0, b"\x1a\x45\xdf\xa3"),
    "audio/mp4": (4, b"ftyp"),
    "audio/ogg": (0, b"OggS"),
}
# The page records in slices of this length and posts each one.
TIMESLICE_MS = 3000
MAX_CHUNK_BYTES = 2 * 1024 * 1024
MAX_CHUNKS_PER_ANSWER = 1200
MAX_ANSWER_BYTES = 60 * 1024 * 1024
# Every recording of one user together (VOICE_USER_QUOTA_MB, 500 by default).
USER_QUOTA_BYTES = settings.VOICE_USER_QUOTA_MB * 1024 * 1024
# The page stops recording at the question's time limit plus this.
RECORDING_EXTRA_SECONDS = 60
# Chunks still land this long after the answer became done (sent after Submit or the timer).
GRACE_SECONDS = 120
# The browser's id for one run of its recorder.
PART_KEY_MAX_CHARS = 64
PART_KEY_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MIME_MAX_CHARS = 100
# Files younger than this are never called orphans: a chunk may be written before its row.
ORPHAN_MIN_AGE_SECONDS = 3600
# Figures the page measures: no recording is longer than a day.
MAX_FIGURE_MS = 24 * 3600 * 1000
MAX_PAUSES = 10_000


def recording_cap_seconds(time_limit_seconds: int) -> int:
    """How long the page may record one answer."""
    return time_limit_seconds + RECORDING_EXTRA_SECONDS

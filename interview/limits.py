"""Every limit of an interview, defined once and used by models, forms, services and templates."""

from django.conf import settings

from questions.limits import DEFAULT_ANSWER_MINUTES, MAX_MINUTES, MIN_MINUTES  # noqa: F401

DEFAULT_QUESTION_COUNT = 5
MAX_QUESTION_COUNT = 200
# A submission this close to the deadline counts as on time (network and clock jitter).
GRACE_SECONDS = 5
NOTE_MAX_CHARS = 2000
ANSWER_MAX_CHARS = settings.ANSWER_MAX_CHARS
# Draft revisions come from the page (milliseconds since 1970, then +1 per save). Anything
# above JavaScript's largest exact integer cannot come from our page, and keeping far below
# the 64-bit column means `revision + 1` never overflows on any database.
MAX_REVISION = 2**53 - 1
# Nor can a revision lie further ahead of the server's clock than a badly set device clock
# would put it: a year. Past that, one stray number would outrank every later save.
REVISION_FUTURE_MS = 366 * 24 * 3600 * 1000
# Guards on starting interviews: unfinished interviews a user may have at once, and starts
# per user in a window of time.
MAX_OPEN_INTERVIEWS = 10
START_LIMIT = 30
START_WINDOW_SECONDS = 600
# An idempotency token sent with every form that starts an interview (a UUID).
TOKEN_MAX_CHARS = 40

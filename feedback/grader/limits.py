"""Limits of the optional AI grader, named once."""

# Seconds one request to the chat endpoint may take before the grading fails.
GRADER_TIMEOUT_SECONDS = 30
# Answers of one user graded per day (UTC): a model costs money or capacity.
GRADER_DAILY_CAP = 50
# Characters of a reply read at most; anything longer is malformed.
GRADER_REPLY_MAX_BYTES = 200_000
# A quote is kept to this many characters when stored and shown.
GRADER_QUOTE_MAX_CHARS = 300
# Seconds between two looks of the reveal at a grading still running.
GRADER_POLL_SECONDS = 3

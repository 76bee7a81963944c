"""The limit on starts: START_LIMIT interviews a user may begin in START_WINDOW_SECONDS."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from interview.limits import START_LIMIT, START_WINDOW_SECONDS
from interview.models import Interview
from interview.services.errors import TooManyStarts


def ensure_start_allowed(user, now: datetime) -> None:
    """Refuse a start once the user began START_LIMIT interviews in the last
    START_WINDOW_SECONDS: one indexed COUNT of the interviews the user started, which every
    server sees. Asked first to refuse early, before the draw, and again under the lock on
    the user's row (see _create), so two starts at once cannot both be the last allowed."""
    since = now - timedelta(seconds=START_WINDOW_SECONDS)
    if Interview.objects.filter(user=user, started_at__gt=since).count() >= START_LIMIT:
        raise TooManyStarts(
            _(
                "You have started %(limit)d interviews in the last few minutes. Wait a little "
                "before starting another."
            )
            % {"limit": START_LIMIT}
        )


def refuse_early(user, now: datetime, token: str) -> None:
    """The limit asked before the draw, so a user past it costs no more than a COUNT; a
    repeated token is let through to get the interview it started (under the lock)."""
    try:
        ensure_start_allowed(user, now)
    except TooManyStarts:
        if not token or not Interview.objects.filter(user=user, start_token=token).exists():
            raise

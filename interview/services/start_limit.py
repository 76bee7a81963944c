"""The limit on starts: START_LIMIT interviews a user may begin in START_WINDOW_SECONDS."""

from datetime import UTC, datetime, timedelta

from django.db.models import Count
from django.utils.translation import gettext as _

from core.prepared_sql import PreparedRows
from interview.limits import START_LIMIT, START_WINDOW_SECONDS
from interview.models import Interview
from interview.services.errors import TooManyStarts

# Asked twice on every start: compiled once per process (core.prepared_sql).
_started_since = PreparedRows(
    lambda user_id, since: (
        Interview.objects.filter(user=user_id, started_at__gt=since)
        .order_by()
        .values("user")
        .annotate(started=Count("pk"))
        .values_list("started")
    ),
    samples=(
        (32_767, datetime(2001, 2, 3, 4, 5, 6, 7, UTC)),
        (30_001, datetime(2002, 3, 4, 5, 6, 7, 8, UTC)),
    ),
)
# The interview a start token began, if any (its id).
_started_by_token = PreparedRows(
    lambda user_id, token: (
        Interview.objects.filter(user=user_id, start_token=token)
        .order_by("pk")
        .values_list("pk")[:1]
    ),
    samples=((32_767, "\x01sample-token-a"), (30_001, "\x01sample-token-b")),
)


def started_with(user, token: str) -> int | None:
    """The id of the interview this user started with this token, if any."""
    rows = _started_by_token.rows(getattr(user, "pk", user), token)
    return rows[0][0] if rows else None


def ensure_start_allowed(user, now: datetime) -> None:
    """Refuse a start once the user began START_LIMIT interviews in the last
    START_WINDOW_SECONDS: one indexed COUNT of the interviews the user started, which every
    server sees. Asked first to refuse early, before the draw, and again under the lock on
    the user's row (see _create), so two starts at once cannot both be the last allowed."""
    since = now - timedelta(seconds=START_WINDOW_SECONDS)
    rows = _started_since.rows(getattr(user, "pk", user), since)
    if (rows[0][0] if rows else 0) >= START_LIMIT:
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
        if not token or started_with(user, token) is None:
            raise

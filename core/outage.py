"""When the database cannot be reached: 503 with Retry-After, one log line per outage.

A request that fails because the database is down (not running, restarting, the
connection dropped) is answered with a short page that needs no database, in the
reader's language, and `Retry-After`; an htmx request also gets `HX-Reswap: none` and an
`HX-Trigger: server-unavailable` event carrying what the page should say, so the interview
page keeps the text and retries quietly (static/js/interview/draft-store.js). Ordinary query
errors (an IntegrityError, a locked SQLite file, a bad query) are not outages and stay 500s.

Each process logs a warning when its first request fails and one line when the database
answers again, instead of a traceback per request.
"""

import contextlib
import json
import logging
import sqlite3
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 3
UNAVAILABLE_EVENT = "server-unavailable"
# SQLSTATE classes and codes of PostgreSQL meaning "no usable connection": 08 connection
# exceptions; 57P01–57P03 the server shutting down, crashed, or not accepting connections yet.
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# What SQLite says when it cannot open its file, or Django's handle on it is already closed.
SQLITE_CONNECTION_MESSAGES = ("unable to open database file", "closed database")


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached, rather than a query failing."""
    if isinstance(error, InterfaceError):
        return True  # "connection already closed" and the like
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        text = str(error).lower()
        return any(message in text for message in SQLITE_CONNECTION_MESSAGES)
    if not isinstance(error, OperationalError):
        return False
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code is None:
        # The driver raised it itself, without a word from the server: it could not
        # connect, or the connection broke ("server closed the connection unexpectedly").
        return cause is not None and cause.__class__.__name__ in {
            "OperationalError",
            "InterfaceError",
        }
    return code.startswith(CONNECTION_SQLSTATES)


class OutageLog:
    """Per process: a warning when the database first fails, a line when it answers again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.down_since: float | None = None

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.warning("database unavailable: %s", reason)

    def recovered(self) -> None:
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = None
        logger.warning("database back after %.1f s", seconds)

    @property
    def down(self) -> bool:
        return self.down_since is not None


outage_log = OutageLog()


def database_answers() -> bool:
    """`SELECT 1` on the default database; False (and the outage noted) if it is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        if not is_database_unavailable(error):
            raise
        outage_log.failed(error)
        return False
    outage_log.recovered()
    return True


def unavailable_response(request) -> HttpResponse:
    """The 503 page, in the reader's language, rendered without touching the database: no
    session, no user, no context processors."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string("503.html", {"LANGUAGE_CODE": language})
        detail = {
            "message": _("The server is briefly unavailable. Try again in a few seconds."),
            "saving": _(
                "Reconnecting… What you type is kept on this device and saved as soon as "
                "the server answers again."
            ),
            "retryAfter": RETRY_AFTER_SECONDS,
        }
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    if request.headers.get("HX-Request") == "true":
        response["HX-Reswap"] = "none"
        # json.dumps escapes non-ASCII text, so the header stays plain ASCII.
        response["HX-Trigger"] = json.dumps({UNAVAILABLE_EVENT: detail})
    response.database_unavailable = True
    # Django's request logger would print a traceback for every such request otherwise.
    response._has_been_logged = True
    return response


def response_for(request, error: BaseException | None) -> HttpResponse | None:
    """The 503 response if `error` is the database being unreachable, else None."""
    if not is_database_unavailable(error):
        return None
    outage_log.failed(error)
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 while the database is unreachable (see the module's doc).

    A view's error reaches `process_exception`; one raised by a middleware (the session or
    the user loaded from it) reaches Django's 500 handler, core.views.server_error, which
    asks `response_for` too. While an outage is noted, each other response checks whether
    the database answers again, so the recovery is logged once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if outage_log.down and not getattr(response, "database_unavailable", False):
            # A query error that is no outage is not this request's business.
            with contextlib.suppress(DatabaseError):
                database_answers()
        return response

    def process_exception(self, request, exception):
        return response_for(request, exception)

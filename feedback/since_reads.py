"""Reads of a user's rows from a moment on (the progress page's last weeks), with their SQL
compiled once per process and time zone, as core.prepared does for reads by ids.

core.prepared varies whole numbers only; these reads also take a moment. The queryset is
compiled (by core.compiled_sql, which finds the user's id among the parameters) with a
marker moment that no request asks for; the parameters equal to that moment, as the
database is handed it, are where each run puts its own. A time zone the SQL names (a
truncation to weeks) is the active one when compiled: a read is kept per time zone.
Only `values()` querysets (rows as dicts); anything that cannot be prepared is logged once
and left to the ORM, as core.prepared does.
"""

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable
from django.utils import timezone

from core.compiled_sql import Compiled

logger = logging.getLogger(__name__)

# A moment no read asks for: where the SQL's parameters hold it, each run's moment goes.
MARKER = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
_UNPREPARED = object()


class SinceRead:
    """`build(user_id, since)` gives a values() queryset; `SinceRead(build).all(user_id,
    since)` runs its SQL, compiled once, and gives its rows."""

    def __init__(self, build: Callable[[int, datetime], QuerySet]):
        self._build = build
        self._compiled: dict[tuple, tuple | object] = {}
        self._lock = threading.Lock()

    def _prepare(self, using: str) -> tuple:
        def compile_one(arguments):
            queryset = self._build(arguments[0], MARKER)
            return queryset, queryset.query.get_compiler(using=using)

        compiled = Compiled(compile_one, (None,))
        if compiled.queryset._iterable_class is not ValuesIterable:
            raise ValueError("a read from a moment on gives values() rows")
        marker = connections[using].ops.adapt_datetimefield_value(MARKER)
        slots = [index for index, param in enumerate(compiled.params) if param == marker]
        if not slots:
            raise ValueError(f"the moment did not reach the SQL as a parameter: {compiled.sql}")
        query = compiled.queryset.query
        names = list(query.selected or ()) or [
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        ]
        return compiled, slots, names

    def all(self, user_id: int, since: datetime, *, using: str = DEFAULT_DB_ALIAS) -> list:
        key = (using, timezone.get_current_timezone_name())
        prepared = self._compiled.get(key)
        if prepared is None:
            with self._lock:
                prepared = self._compiled.get(key)
                if prepared is None:
                    try:
                        prepared = self._prepare(using)
                    except ValueError as error:
                        logger.warning("not prepared, left to the ORM: %s", error)
                        prepared = _UNPREPARED
                    self._compiled[key] = prepared
        if prepared is _UNPREPARED:
            return list(self._build(user_id, since).using(using))
        compiled, slots, names = prepared
        compiler = compiled.compiler([user_id], using)
        sql, params = compiler.as_sql()
        params = list(params)
        moment = compiler.connection.ops.adapt_datetimefield_value(since)
        for index in slots:
            params[index] = moment
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        rows = compiler.results_iter(chunked_fetch=False)
        return [dict(zip(names, row, strict=False)) for row in rows]

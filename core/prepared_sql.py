"""Prepared rows: a read whose values are not only ids (a moment, a token), compiled once.

`core.prepared` reruns a queryset's SQL with new whole numbers and gives model objects
back. Some hot reads also compare a moment (`due <= now`, `started_at > since`) or a
text (the start form's token), and want plain rows: a count, an id. `PreparedRows(build,
samples)` compiles `build(*sample)` for two different samples (same types, every value
distinct), checks the SQL is the same, and notes which parameter each value became. A
run adapts the new values as the field would (`adapt_datetimefield_value` for a moment),
puts them in those places and returns the cursor's rows as they come (no converters:
counts and ids read the same on every backend).

What `build` closes over is compiled in for good, as with core.prepared: keep it a plain
function of its values.
"""

import threading
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet


def _adapt(value, connection):
    """A value as the ORM passes it to the database."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class PreparedRows:
    def __init__(self, build: Callable[..., QuerySet], samples: Sequence[tuple]):
        first, second = samples
        if len(first) != len(second) or len(set(first) | set(second)) != 2 * len(first):
            raise ValueError("two samples of the same length, every value distinct")
        self._build = build
        self._samples = samples
        self._compiled: dict[str, tuple[str, list, list[list[int]]]] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple[str, list, list[list[int]]]:
        connection = connections[using]
        compiled = []
        for sample in self._samples:
            queryset = self._build(*sample)
            sql, params = queryset.query.get_compiler(using=using).as_sql()
            compiled.append((sql, list(params), [_adapt(v, connection) for v in sample]))
        (sql, params, markers), (other_sql, other_params, others) = compiled
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError(f"a value changed the SQL itself: {sql}")
        slots: list[list[int]] = [[] for _ in markers]
        for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            pairs = [
                n
                for n, pair in enumerate(zip(markers, others, strict=True))
                if (one, other) == pair
            ]
            if not pairs:
                raise ValueError(f"a parameter of this SQL is not one of the values: {sql}")
            slots[pairs[0]].append(index)
        if not all(slots):
            raise ValueError(f"a value did not reach the SQL as a parameter: {sql}")
        return sql, params, slots

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """The rows of the SQL for these values (of the samples' types), as the cursor
        gives them."""
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        sql, params, slots = compiled
        connection = connections[using]
        params = list(params)
        for value, places in zip(values, slots, strict=True):
            value = _adapt(value, connection)
            for index in places:
                # The type the ORM gave the value (psycopg's Int4, Int8 … on PostgreSQL).
                kind = type(params[index])
                params[index] = kind(value) if isinstance(value, int) and kind is not int else value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

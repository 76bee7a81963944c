"""A new interview's answers, inserted with SQL compiled once per process.

`Answer.objects.bulk_create` of five answers cost two thirds of a start: a model instance
per answer, then Django's insert compiler asking every field of every row for its SQL and
value. The statement for a number of rows is the same every time; only the values change.
So it is compiled once per database and number of rows by Django itself (dummy rows), and
each start puts its values where Django put the dummies', prepared by each field as Django
prepares them (`get_db_prep_save`). Compiling also checks that the values this module
prepares for the dummies are Django's own, in Django's order (row by row, or column by
column as PostgreSQL's UNNEST takes them); a database where they differ keeps bulk_create.

What Django's insert does and this does not: set the new rows' ids on the instances (there
are none: the answers are read back by the pages that show them), send signals (neither
does bulk_create).
"""

import logging
import threading
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import AutoField
from django.db.models.sql import InsertQuery

from interview.models import Answer

logger = logging.getLogger(__name__)

# What differs between two answers of a start (columns), in this order; every other
# column takes its field's default.
VARYING = (
    "interview_id",
    "user_id",
    "position",
    "question_id",
    "title_snapshot",
    "answer_snapshot_md",
    "supplement_snapshot_md",
    "time_limit_seconds",
)
_BY_ROW, _BY_COLUMN = "row", "column"


def _fields() -> list:
    """The columns bulk_create writes for answers without an id, in its order."""
    return [
        field
        for field in Answer._meta.concrete_fields
        if not field.generated and not isinstance(field, AutoField)
    ]


def _same(one, other) -> bool:
    """Whether two prepared values are the same (an adapter such as psycopg's Jsonb
    compares by identity: its `obj` is compared instead)."""
    if isinstance(one, list | tuple) and isinstance(other, list | tuple):
        return len(one) == len(other) and all(map(_same, one, other))
    if type(one) is not type(other):
        return False
    return one == other or getattr(one, "obj", one) == getattr(other, "obj", None)


class _AnswerInsert:
    def __init__(self):
        self._compiled: dict[tuple, tuple | None] = {}
        self._lock = threading.Lock()

    def _plan(self, connection) -> list[tuple]:
        """Per column of the insert: its field, and either the index of its value in a row
        (VARYING) or its default as Django prepares it (the same on every run)."""
        varying = {name: index for index, name in enumerate(VARYING)}
        return [
            (field, varying[field.attname], None)
            if field.attname in varying
            else (field, None, field.get_db_prep_save(field.get_default(), connection))
            for field in _fields()
        ]

    def _values(self, rows: Sequence[tuple], connection, plan: list[tuple]) -> list[list]:
        """Each row's values as Django prepares them, in the insert's column order."""
        return [
            [
                constant if index is None else field.get_db_prep_save(row[index], connection)
                for field, index, constant in plan
            ]
            for row in rows
        ]

    def _compile(self, count: int, using: str) -> tuple | None:
        """(sql, layout, plan) for `count` rows, or None where Django's insert must be
        used."""
        connection = connections[using]
        fields = _fields()
        dummies = [
            (10 + number, 20 + number, number, 30 + number, f"t{number}", f"a{number}", "", 60)
            for number in range(count)
        ]
        objects = [Answer(**dict(zip(VARYING, row, strict=True))) for row in dummies]
        if connection.ops.bulk_batch_size(fields, objects) < count:
            return None  # more than one statement: left to bulk_create's batches
        query = InsertQuery(Answer)
        query.insert_values(fields, objects)
        statements = query.get_compiler(using=using).as_sql()
        if len(statements) != 1:
            return None
        sql, params = statements[0]
        plan = self._plan(connection)
        values = self._values(dummies, connection, plan)
        if _same(list(params), [value for row in values for value in row]):
            return sql, _BY_ROW, plan
        if _same(list(params), [list(column) for column in zip(*values, strict=True)]):
            return sql, _BY_COLUMN, plan
        logger.warning("answers left to bulk_create: their insert's values differ: %s", sql)
        return None

    def run(self, rows: Sequence[tuple], using: str = DEFAULT_DB_ALIAS) -> None:
        """Insert one answer per row (values in VARYING's order)."""
        if not rows:
            return
        key = (using, len(rows))
        if key not in self._compiled:
            with self._lock:
                if key not in self._compiled:
                    self._compiled[key] = self._compile(len(rows), using)
        compiled = self._compiled[key]
        if compiled is None:
            Answer.objects.using(using).bulk_create(
                [Answer(**dict(zip(VARYING, row, strict=True))) for row in rows]
            )
            return
        sql, layout, plan = compiled
        connection = connections[using]
        values = self._values(rows, connection, plan)
        if layout == _BY_ROW:
            params = [value for row in values for value in row]
        else:
            params = [list(column) for column in zip(*values, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


_insert = _AnswerInsert()


def answers_insert(rows: Sequence[tuple], using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert a new interview's answers: one row each, its values in VARYING's order
    (interview id, user id, position, question id, title, answer, supplement, seconds)."""
    _insert.run(rows, using)

"""Prepared inserts: one row's INSERT compiled once per process, then run with new values.

The companion of core.prepared's reads and updates. Building and compiling an INSERT costs
`Model.objects.create()` (or a one-row `bulk_create`) several hundred Python calls a row,
more than running it; the statement itself never changes, only its values. A
`PreparedInsert` compiles the model's INSERT once per database (with the ORM's own
compiler, so the SQL is the one `create()` or `bulk_create(ignore_conflicts=True)` sends)
and then puts each row's values through the same field methods the compiler uses
(`pre_save`, `get_db_prep_save`).

Only for a model whose saving does nothing more than the INSERT (no receivers of its save
signals, no `save()` of its own) and whose fields take plain values (no expressions, no
database defaults): anything else is refused rather than silently done differently.
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery


class PreparedInsert:
    """`PreparedInsert(model).insert(instance)` is `instance.save(force_insert=True)` for a
    new row (its id set from the database); with `ignore_conflicts`, it is
    `model.objects.bulk_create([instance], ignore_conflicts=True)` (no id: a row that
    breaks a unique constraint is left out, as there)."""

    def __init__(self, model, *, ignore_conflicts: bool = False):
        self.model = model
        self.ignore_conflicts = ignore_conflicts
        meta = model._meta
        self.fields = [
            field
            for field in meta.local_concrete_fields
            if not field.generated and field is not meta.auto_field
        ]
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _check(self) -> None:
        model = self.model
        if (
            pre_save.has_listeners(model)
            or post_save.has_listeners(model)
            or model.save is not models.Model.save
            or model._meta.parents
        ):
            raise TypeError(f"{model.__name__} does more on saving than an INSERT does")

    def _compile(self, instance, using: str) -> tuple:
        """The SQL, whether it returns the new id, and the backend's returning parameters."""
        self._check()
        query = InsertQuery(
            self.model, on_conflict=OnConflict.IGNORE if self.ignore_conflicts else None
        )
        query.insert_values(self.fields, [instance])
        compiler = query.get_compiler(using=using)
        connection = compiler.connection
        returns = not self.ignore_conflicts and connection.features.can_return_columns_from_insert
        compiler.returning_fields = [self.model._meta.pk] if returns else None
        [(sql, params)] = compiler.as_sql()
        returning_params = tuple(getattr(compiler, "returning_params", ()) or ()) if returns else ()
        if len(params) != len(self.fields) + len(returning_params):
            raise ValueError(f"a prepared insert takes one value a field: {sql}")
        return sql, returns, returning_params

    def insert(self, instance, using: str = DEFAULT_DB_ALIAS) -> None:
        connection = connections[using]
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using)
                if compiled is None:
                    compiled = self._compiled[using] = self._compile(instance, using)
        sql, returns, returning_params = compiled
        params = []
        for field in self.fields:
            value = field.pre_save(instance, True)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"a prepared insert takes plain values, not {value!r}")
            params.append(field.get_db_prep_save(value, connection=connection))
        params.extend(returning_params)
        with transaction.mark_for_rollback_on_error(using=using), connection.cursor() as cursor:
            cursor.execute(sql, params)
            if self.ignore_conflicts:
                return
            if returns:
                (pk,) = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
            else:
                pk = connection.ops.last_insert_id(
                    cursor, self.model._meta.db_table, self.model._meta.pk.column
                )
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = using

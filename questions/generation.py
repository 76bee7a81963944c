"""The bank's generation: a number that changes whenever the bank does, so that what pages
derive from the whole bank (the start page's topics with their counts, the pool's size)
can be kept per process and made again only after a change.

The number is a row in the database, changed in the same transaction as the bank
(signals on questions, topics and their pairs): a reader that sees the new number sees the
new bank too, on every server and worker. Each change draws a new random number rather
than adding one: a change rolled back must not leave a number that a later change would
reach again, with figures made inside the rolled-back transaction kept under it. Reading
the number is one small query by primary key, cheaper than the counts it stands for. A
reader that read the old number just before a change committed may keep the new bank's
figures under the old number; they are made again as soon as the new number is read, so
nothing older than the number a page read is shown.

What bypasses the ORM's signals (`QuerySet.update()`, `bulk_create()` of questions or
topics, raw SQL, a shell) must call `advance()` itself, first thing in its transaction, or
run `manage.py bank_changed` after. `migrate` makes a new generation (data migrations use
historical models, which send no signals). `forget()` drops everything kept (tests).
"""

import secrets
import threading

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

ROW = 1  # the one row


class BankGeneration(models.Model):
    value = models.BigIntegerField(default=0)

    class Meta:
        app_label = "questions"

    def __str__(self):
        return str(self.value)


_kept: dict[tuple[str, str], tuple[int, object]] = {}
_lock = threading.Lock()


def _sql(using: str) -> tuple[str, str]:
    connection = connections[using]
    table = connection.ops.quote_name(BankGeneration._meta.db_table)
    value = connection.ops.quote_name("value")
    read = f"SELECT {value} FROM {table} WHERE id = %s"
    change = f"UPDATE {table} SET {value} = %s WHERE id = %s"
    return read, change


def current(using: str = DEFAULT_DB_ALIAS) -> int:
    """The bank's generation as this database holds it now; one query."""
    read, _change = _sql(using)
    with connections[using].cursor() as cursor:
        cursor.execute(read, [ROW])
        row = cursor.fetchone()
    return -1 if row is None else row[0]  # no row (a flushed database): see kept()


def advance(using: str = DEFAULT_DB_ALIAS) -> None:
    """A new generation, in the caller's transaction (the row is made if missing)."""
    _read, change = _sql(using)
    value = secrets.randbits(62)
    with connections[using].cursor() as cursor:
        cursor.execute(change, [value, ROW])
        if cursor.rowcount == 0:
            BankGeneration.objects.using(using).update_or_create(pk=ROW, defaults={"value": value})


def kept(name: str, generation: int, make, using: str = DEFAULT_DB_ALIAS):
    """What `make()` returns, kept for this process under `name` while the bank stays at
    `generation` (read with current() by the caller, once a request). Without the
    generation's row (-1), nothing is kept: made every time until a change makes the row."""
    if generation < 0:
        return make()
    entry = _kept.get((using, name))
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = make()
    with _lock:
        _kept[(using, name)] = (generation, value)
    return value


def forget() -> None:
    """Drop everything kept in this process."""
    with _lock:
        _kept.clear()


def _before(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Inside a transaction, a change takes the generation's row first (a new value, seen
    only when the change commits): every writer of the bank then locks that row before any
    question's, so two of them (an import and an editor's save) never wait on each other in
    a circle on PostgreSQL."""
    action = kwargs.get("action")
    if action is not None and not action.startswith("pre_"):
        return
    if connections[using].in_atomic_block:
        advance(using)


def _after(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Outside a transaction (a save in autocommit), after the change: before it, the new
    value would be seen while the bank is still the old one, and figures of the old bank
    kept under it."""
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return
    if not connections[using].in_atomic_block:
        advance(using)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate`: a data migration changes the bank through historical models, which
    send these signals to nobody."""
    connection = connections[using]
    if BankGeneration._meta.db_table in connection.introspection.table_names():
        advance(using)


def connect(app_config) -> None:
    """Called from QuestionsConfig.ready(): every change to a question, a topic or a pair of
    them (a question's topics, its related questions) through the ORM, and every `migrate`,
    makes a new generation."""
    from questions.models import Question, Tag

    for model in (Question, Tag):
        name = model.__name__
        for when, signal in (("before", pre_save), ("before", pre_delete)):
            signal.connect(_before, sender=model, dispatch_uid=f"generation.{when}.{name}")
        for when, signal in (("after", post_save), ("after", post_delete)):
            signal.connect(_after, sender=model, dispatch_uid=f"generation.{when}.{name}")
    for field in ("tags", "related"):
        through = getattr(Question, field).through
        m2m_changed.connect(_before, sender=through, dispatch_uid=f"generation.before.{field}")
        m2m_changed.connect(_after, sender=through, dispatch_uid=f"generation.after.{field}")
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="generation.migrated")

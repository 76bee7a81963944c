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
topics, raw SQL) must call `advance()` itself. `forget()` drops everything kept (tests).
"""

import secrets
import threading

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save

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
    return -1 if row is None else row[0]  # no row yet (see advance): nothing kept matches


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
    `generation` (read with current() by the caller, once a request)."""
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


def _changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: once, after the pairs changed
    advance(using)


def connect() -> None:
    """Called from QuestionsConfig.ready(): every change to a question, a topic or a pair of
    them (a question's topics, its related questions) through the ORM makes a new
    generation."""
    from questions.models import Question, Tag

    for model in (Question, Tag):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"generation.{model.__name__}")
    for field in ("tags", "related"):
        through = getattr(Question, field).through
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"generation.{field}")

"""Choosing an interview's questions: the pool the chosen topics allow, and the modes that
pick from it.

A mode is a named way of choosing (a random mix, questions due for review, ...). This app
registers the random mix; other apps register theirs when they load (see
`practice.apps`), so the start page offers every mode without this app importing them.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    Field,
    OuterRef,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _

from core.prepared import Prepared
from interview.models import Answer
from questions.models import Question, Tag


@dataclass(frozen=True)
class Choice:
    """What the user asked for on the start form, as typed values."""

    user: object
    tags: list[Tag]
    count: int
    now: datetime
    prefer_unseen: bool = True
    top_up: bool = False
    rng: random.Random = field(default_factory=random.Random)


@dataclass(frozen=True)
class Mode:
    """One way of choosing questions.

    `pick(choice, pool)` returns question ids in interview order (at most `choice.count`);
    `available(user, pool, now)` says how many questions the mode could offer right now.
    """

    key: str
    label: str
    description: str
    order: int
    pick: Callable[[Choice, QuerySet], list[int]]
    available: Callable[[object, QuerySet, datetime], int]
    # Shown on the start form when the mode has nothing to offer right now.
    empty_message: str = ""
    # Another mode whose questions may fill the interview up when this one has too few
    # (questions due for review, topped up with new ones); the start form offers it.
    top_up_mode: str = ""
    # Preselected on the start form when it has questions to offer (the first such mode, in
    # order; else the mix). Other modes are choices a user makes deliberately.
    preferred: bool = False


MIX = "mix"
_modes: dict[str, Mode] = {}
# Functions that count several modes in one query, for the start page (see mode_counts).
_counters: list[Callable[[object, datetime, int], dict[str, int]]] = []


def register(mode: Mode) -> None:
    """Offer `mode` on the start page (called once per mode, from an AppConfig.ready)."""
    _modes[mode.key] = mode


def register_counter(counter: Callable[[object, datetime, int], dict[str, int]]) -> None:
    """`counter(user, now, active)` tells, in one query, how many questions some of an
    app's modes could offer now over every topic (`active`: the active questions)."""
    if counter not in _counters:  # registering twice must not count twice
        _counters.append(counter)


def mode_counts(user, now, *, active: int) -> dict[str, int]:
    """How many questions each mode could offer right now, over every topic, in the modes'
    order: what the counters say, the mix's `active`, and any other mode's `available`."""
    counted = {MIX: active}
    for counter in _counters:
        counted |= counter(user, now, active)
    return {
        mode.key: counted[mode.key] if mode.key in counted else mode.available(user, pool([]), now)
        for mode in modes()
    }


def modes() -> list[Mode]:
    return sorted(_modes.values(), key=lambda mode: mode.order)


def get_mode(key: str) -> Mode | None:
    return _modes.get(key)


def pool(tags) -> QuerySet:
    """The active questions an interview on these topics draws from (all, if none)."""
    questions = Question.objects.active()
    if tags:
        questions = questions.tagged(*[tag.slug for tag in tags])
    else:
        # What lets the mix use its prepared draw (_pick_mix); a queryset made from this
        # one by filtering is a new object without it.
        questions.whole_pool = True
    return questions


def questions_available(tags) -> int:
    return pool(tags).count()


def topic_slugs(values) -> list[str]:
    """The topic slugs among what a form holds; a NUL would make PostgreSQL refuse the
    query, and no slug holds one."""
    return [
        value for value in values or [] if isinstance(value, str) and value and "\x00" not in value
    ]


def seen_by(user) -> QuerySet:
    """Answers of `user` that were shown, to test a question against with Exists(): by the
    answer's own user column, so the index on (user, question) answers it, whatever the
    number of other users' answers to the question."""
    return Answer.objects.filter(user=user, question=OuterRef("pk"), shown_at__isnull=False)


def shuffled(ids: list[int], rng: random.Random) -> list[int]:
    ids = list(ids)
    rng.shuffle(ids)
    return ids


def with_seen(questions: QuerySet, user) -> QuerySet:
    """The questions' ids, each with whether `user` was shown it, as the database says it
    (1 or 0 on SQLite, a boolean on PostgreSQL): a plain Field asks Django for no
    conversion, which a BooleanField or an IntegerField costs per row (1,000 rows a draw)."""
    seen = ExpressionWrapper(Exists(seen_by(user)), output_field=Field())
    return questions.annotate(seen=seen).values_list("pk", "seen")


# The pool of every topic with_seen, compiled once per process (core.prepared); a draw
# from some topics builds its query each time.
_every_question_seen = Prepared(Question, lambda user_id: with_seen(pool([]), user_id))


def _pick_mix(choice: Choice, questions: QuerySet) -> list[int]:
    """A random draw from the topics, questions not seen yet first if asked: a random
    sample of those, then of the others if they are too few."""
    if getattr(questions, "whole_pool", False):
        candidates = _every_question_seen.all(choice.user.pk)
    else:  # some topics, or a pool a caller narrowed
        candidates = list(with_seen(questions, choice.user))
    if not choice.prefer_unseen:
        return _sample([pk for pk, _seen in candidates], choice.count, choice.rng)
    drawn = _sample([pk for pk, seen in candidates if not seen], choice.count, choice.rng)
    if len(drawn) < choice.count:
        others = [pk for pk, seen in candidates if seen]
        drawn += _sample(others, choice.count - len(drawn), choice.rng)
    return drawn


def _sample(ids: list[int], count: int, rng: random.Random) -> list[int]:
    """At most `count` of the ids in a random order: what shuffling all and keeping the
    first `count` would give, for a random number per id kept instead of per id."""
    return rng.sample(ids, max(0, min(count, len(ids))))


# How often a mode is asked again for questions to replace related ones it chose.
RELATED_RETRIES = 2


def pick(mode: Mode, choice: Choice) -> list[Question]:
    """The chosen questions, loaded with their text, in interview order.

    Never two related questions (the same question asked two ways) in one interview: the
    later one is dropped and the mode asked for more in its place. One query more than the
    mode's own only when that happens.
    """
    questions = pool(choice.tags)
    asked = choice.count
    kept = without_related(load(mode.pick(choice, questions)[:asked]))
    for _retry in range(RELATED_RETRIES):
        if len(kept) >= choice.count:
            break
        dropped = asked - len(kept)
        ids = mode.pick(replace(choice, count=asked + dropped), questions)[: asked + dropped]
        if len(ids) <= asked:  # the mode has nothing more to offer
            break
        asked += dropped
        kept = without_related(load(ids))
    return kept[: choice.count]


# Compiled once per process for each number of ids (core.prepared).
_loaded = Prepared(
    Question, lambda ids: Question.objects.filter(pk__in=ids).annotate(related_pk=F("related"))
)


def load(ids: list[int]) -> list[Question]:
    """These questions, in this order, with their text and `related_ids`; one query."""
    by_pk: dict[int, Question] = {}
    for row in _loaded.all(ids):
        question = by_pk.setdefault(row.pk, row)
        question.__dict__.setdefault("related_ids", set())
        if row.related_pk is not None:
            question.related_ids.add(row.related_pk)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def without_related(questions: list[Question]) -> list[Question]:
    """The questions in order, less any related to one before it."""
    kept, taken = [], set()
    for question in questions:
        if question.pk in taken:
            continue
        kept.append(question)
        taken |= {question.pk, *question.related_ids}
    return kept


register(
    Mode(
        key=MIX,
        label=_("Random mix"),
        description=_("A random draw from the topics you tick."),
        order=40,
        pick=_pick_mix,
        available=lambda user, questions, now: questions.count(),
    )
)

"""How much of the bank a user has been shown, per topic and in all (the progress page's
coverage), and the topics' names the page shows.

What derives from the bank alone (each topic's active questions, the whole bank's, every
topic's names) is read by one query and kept per process under the bank's generation
(questions/generation.py); it holds nothing of any user. A request reads only the user's
own counts, with the generation in the same query: how many of the questions they were
shown are in each topic and in all, still active."""

from typing import NamedTuple

from django.db.models import CharField, Count, IntegerField, Value

from core.prepared import Prepared
from core.text import is_chinese
from interview.models import Answer
from questions import generation
from questions.generation import BankGeneration
from questions.models import Question, Tag

_TEXT = Value(None, output_field=CharField())
_NUMBER = Value(None, output_field=IntegerField())


class Bank(NamedTuple):
    """The bank's side of the coverage, kept per generation."""

    total: int  # active questions
    # (id, slug, Chinese name, English name, active questions) of each topic that has active
    # questions, by slug.
    topics: tuple[tuple[int, str, str, str, int], ...]
    # Every topic's name by slug: Chinese, then English.
    names: tuple[dict[str, str], dict[str, str]]

    def names_in(self, language: str) -> dict[str, str]:
        """Every topic's name in `language`, by slug."""
        return self.names[0 if is_chinese(language) else 1]


def _bank_rows():
    """A row per topic with active questions (its id and their number), one for the whole
    bank (no id), and one per topic with its slug and names (no number)."""
    active = Question.objects.active().order_by()
    # Counted over the question-topic pairs of active questions, found through the index on
    # is_active: no question's row (with its long texts) is read. Grouped by the topic's id
    # alone, its names joined after (by id).
    per_topic = (
        Question.tags.through.objects.filter(question__in=active.values("pk"))
        .order_by()
        .annotate(no_slug=_TEXT, no_zh=_TEXT, no_en=_TEXT)
        .values_list("tag", "no_slug", "no_zh", "no_en")
        .annotate(total=Count("pk"))
    )
    whole = (
        active.annotate(no_id=_NUMBER, no_slug=_TEXT, no_zh=_TEXT, no_en=_TEXT)
        .values_list("no_id", "no_slug", "no_zh", "no_en")
        .annotate(total=Count("pk"))
    )
    names = (
        Tag.objects.order_by()
        .annotate(no_total=_NUMBER)
        .values_list("pk", "slug", "name_zh", "name_en", "no_total")
    )
    return per_topic.union(whole, names, all=True)


def bank() -> Bank:
    """The bank's side of the coverage, read now; one query."""
    total = 0
    counted = []
    names = {}
    for tag_id, slug, name_zh, name_en, in_topic in _bank_rows():
        if slug is not None:  # a topic's names
            names[tag_id] = (slug, name_zh, name_en)
        elif tag_id is None:  # the whole bank's row
            total = in_topic
        else:
            counted.append((tag_id, in_topic))
    topics = sorted(((tag_id, *names[tag_id], in_topic) for tag_id, in_topic in counted), key=_slug)
    chinese = {slug: name_zh for slug, name_zh, _name_en in names.values()}
    english = {slug: name_en for slug, _name_zh, name_en in names.values()}
    return Bank(total, tuple(topics), (chinese, english))


def _slug(topic: tuple) -> str:
    return topic[1]


def _seen_rows(user_id: int):
    """A row with the bank's generation (no id, no number), one per topic with the number
    of active questions in it the user was shown (its id, no generation), and one with that
    number over the whole bank (no id, no generation)."""
    # Only the questions the user was shown are looked at (their answers read through the
    # index on (user, question)), and of the bank only the retired ones, found through the
    # index on is_active (`in [False]` searches it; `NOT is_active` would scan it): neither
    # every question's row nor every pair of the bank. A shown question is never deleted
    # (answers protect it), so "not retired" is "active".
    retired = Question.objects.filter(is_active__in=[False]).order_by().values("pk")
    shown = Answer.objects.filter(user=user_id, shown_at__isnull=False).order_by()
    per_topic = (
        Question.tags.through.objects.filter(question__in=shown.values("question_id"))
        .exclude(question__in=retired)
        .order_by()
        .annotate(no_generation=_NUMBER)
        .values_list("tag", "no_generation")
        .annotate(seen=Count("pk"))
    )
    whole = (
        shown.exclude(question__in=retired)
        .annotate(no_id=_NUMBER, no_generation=_NUMBER)
        .values_list("no_id", "no_generation")
        .annotate(seen=Count("question", distinct=True))
    )
    # What generation.current() reads, so that the kept bank costs no query of its own. It
    # comes first: PostgreSQL types a union's columns from its first parts on, and two
    # untyped NULLs meeting first would become text, which the generation's number does not
    # match.
    bank_generation = (
        BankGeneration.objects.filter(pk=generation.ROW)
        .annotate(no_id=_NUMBER, no_seen=_NUMBER)
        .values_list("no_id", "value", "no_seen")
    )
    return bank_generation.union(per_topic, whole, all=True)


_seen = Prepared(BankGeneration, _seen_rows)


def bank_coverage(user_id: int, *, language: str) -> tuple[dict, Bank]:
    """How much of the bank the user has been shown: {"seen", "total", "topics": [{"name",
    "slug", "seen", "total", "width"}]}, topics in slug order (a question with two topics
    counts once in all); and the bank's side, kept under its generation. One query, and one
    more when the bank changed since it was kept (or was never kept in this process)."""
    bank_now = -1  # no generation's row (as generation.current()): nothing is kept
    seen = 0
    seen_in = {}
    for tag_id, value, seen_count in _seen.all(user_id):
        if value is not None:  # the generation's row
            bank_now = value
        elif tag_id is None:  # the whole bank's row
            seen = seen_count
        else:
            seen_in[tag_id] = seen_count
    kept = generation.kept("progress coverage", bank_now, bank)
    chinese = is_chinese(language)
    topics = []
    for tag_id, slug, name_zh, name_en, in_topic in kept.topics:
        # Never more than the topic holds, even when the bank changed between the two
        # queries (kept made just after the generation was read).
        seen_in_topic = min(seen_in.get(tag_id, 0), in_topic)
        topics.append(
            {
                "slug": slug,
                "name": name_zh if chinese else name_en,
                "seen": seen_in_topic,
                "total": in_topic,
                "width": round(100 * seen_in_topic / in_topic, 1),
            }
        )
    return {"seen": min(seen, kept.total), "total": kept.total, "topics": topics}, kept

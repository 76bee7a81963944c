"""The pages of the history list and of a question's attempts, read with their SQL compiled
once per process (core.prepared): a count, then the page's rows.

A page's LIMIT and OFFSET are part of its SQL, not parameters, so each page number has a
read of its own, kept for the first `PREPARED_PAGES` pages; a page past those is read by
the ORM as it comes (the same query, built each time).
"""

from datetime import datetime
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404

from core.prepared import Prepared
from interview.models import Answer, Interview
from questions.models import Question

HISTORY_PAGE_SIZE = 20
ATTEMPTS_PAGE_SIZE = 50
PREPARED_PAGES = 50


class InterviewRow(NamedTuple):
    """What the history list shows of an interview (interview.templatetags.history_rows),
    read as a row of values: no model instance a row."""

    pk: int
    mode: str
    started_at: datetime
    state: str
    question_count: int
    topics: list
    answered_count: int
    average_rating: float | None
    total_seconds: int | None
    single_title: str | None

    topic_names = Interview.topic_names

    def __eq__(self, other):
        # The row of an interview stands for it, as an instance of it would (by its pk).
        if isinstance(other, Interview):
            return self.pk == other.pk
        return tuple.__eq__(self, other)

    def __hash__(self):
        return hash(self.pk)


def _interviews(user_id, offset: int):
    return (
        Interview.objects.filter(user=user_id)
        .with_totals()
        .with_single_title()
        .order_by("-started_at", "-pk")
        .values_list(*InterviewRow._fields)[offset : offset + HISTORY_PAGE_SIZE]
    )


# What the attempts page never shows of an answer: the question's texts as shown, the
# draft, and the times and revisions beside the one it was shown at. Left in the database,
# they cost neither reading nor decoding (a JSON list, four dates).
_UNSHOWN = (
    "answer_snapshot_md",
    "supplement_snapshot_md",
    "key_points_snapshot",
    "draft_text",
    "draft_revision",
    "draft_saved_at",
    "submitted_revision",
    "deadline",
    "submitted_at",
    "rated_at",
)


def _attempts(user_id, question_id, offset: int):
    return (
        Answer.objects.filter(user=user_id, question=question_id, shown_at__isnull=False)
        .defer(*_UNSHOWN)
        .order_by("-shown_at", "-pk")[offset : offset + ATTEMPTS_PAGE_SIZE]
    )


_interview_count = Prepared(
    Interview,
    lambda user_id: (
        Interview.objects.filter(user=user_id)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values_list("count", flat=True)
    ),
)
_attempt_count = Prepared(
    Answer,
    lambda user_id, question_id: (
        Answer.objects.filter(user=user_id, question=question_id, shown_at__isnull=False)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values_list("count", flat=True)
    ),
)


class _Pages:
    """A read per page offset, made when first asked for."""

    def __init__(self, model, build, size: int):
        self.model = model
        self.build = build
        self.size = size
        self.reads: dict[int, Prepared] = {}

    def rows(self, offset: int, *values: int) -> list:
        read = self.reads.get(offset)
        if read is None:
            if offset >= PREPARED_PAGES * self.size:
                return list(self.build(*values, offset))
            read = self.reads.setdefault(
                offset, Prepared(self.model, lambda *ids: self.build(*ids, offset))
            )
        return read.all(*values)


_interview_pages = _Pages(Interview, _interviews, HISTORY_PAGE_SIZE)
_attempt_pages = _Pages(Answer, _attempts, ATTEMPTS_PAGE_SIZE)


def _page(count: int, size: int, number) -> Page:
    """The page `number` (as Paginator.get_page reads it) of `count` rows, without its rows."""
    return Paginator(range(count), size).get_page(number)


def history_page(user, number) -> Page:
    """The user's interviews, newest first, with their totals (InterviewRow): two queries
    (one when there are none)."""
    counted = _interview_count.all(user.pk)
    page = _page(counted[0] if counted else 0, HISTORY_PAGE_SIZE, number)
    offset = (page.number - 1) * HISTORY_PAGE_SIZE
    rows = _interview_pages.rows(offset, user.pk) if counted else []
    page.object_list = [InterviewRow._make(row) for row in rows]
    return page


def attempts_page(user, question, number) -> Page:
    """The user's attempts at `question` that were shown, newest first: two queries (one
    when there are none)."""
    counted = _attempt_count.all(user.pk, question.pk)
    page = _page(counted[0] if counted else 0, ATTEMPTS_PAGE_SIZE, number)
    offset = (page.number - 1) * ATTEMPTS_PAGE_SIZE
    page.object_list = _attempt_pages.rows(offset, user.pk, question.pk) if counted else []
    return page


# Each question's id by its slug, as found: the question is then read by its id with SQL
# compiled once. A slug that no longer names that question (an edit) is looked up again.
MAX_SLUGS = 20_000
_question_ids: dict[str, int] = {}
_question = Prepared(Question, lambda pk: Question.objects.filter(pk=pk))


def question_by_slug(slug: str) -> Question:
    """The question with this slug (Http404 when there is none): one query."""
    pk = _question_ids.get(slug)
    if pk is not None:
        question = _question.first(pk)
        if question is not None and question.slug == slug:
            return question
    question = get_object_or_404(Question, slug=slug)
    if len(_question_ids) >= MAX_SLUGS:
        _question_ids.clear()
    _question_ids[slug] = question.pk
    return question

"""A user's history as CSV: one row per answer, for a spreadsheet.

UTF-8 with a byte-order mark, so Excel reads Chinese correctly; streamed in batches of
CSV_BATCH_SIZE answers, each read with a fixed number of queries (the answers with what
the pages' extensions show, their questions' topics, and what those extensions add), so a
long history costs neither memory nor a query per answer. Cells that a spreadsheet would
run as a formula get a leading apostrophe.
"""

import csv
from collections.abc import Iterator

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from banks.limits import CSV_BATCH_SIZE
from core import clock
from core.htmx import login_required
from core.text import is_chinese
from interview.extensions import HistoryLink, annotate_answers, answer_relations
from interview.models import Answer
from questions.models import Tag

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HISTORY_LINK = HistoryLink(url_name="banks:history_csv", label=gettext_lazy("Download CSV"))


def safe_cell(value):
    """A cell as written: text a spreadsheet would run as a formula is quoted with an
    apostrophe (numbers we write ourselves stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("Date"),
        _("Question"),
        _("Topics"),
        _("Time used (seconds)"),
        _("Over time (seconds)"),
        _("Rating"),
        _("Suggested rating"),
        _("Key points found"),
        _("Key points total"),
        _("Note"),
    ]


def answer_batches(user, *, batch_size: int = CSV_BATCH_SIZE) -> Iterator[list[Answer]]:
    """The user's done answers (submitted or skipped), oldest first, in batches; keyset
    pagination on the primary key, so each batch is one query however far in."""
    answers = (
        Answer.objects.for_user(user)
        .filter(status__in=[Answer.Status.SUBMITTED, Answer.Status.SKIPPED])
        .select_related("question", *answer_relations())
        .prefetch_related(
            Prefetch("question__tags", queryset=Tag.objects.order_by("slug"), to_attr="topics")
        )
        .order_by("pk")
    )
    after = 0
    while True:
        batch = list(answers.filter(pk__gt=after)[:batch_size])
        if not batch:
            return
        yield batch
        after = batch[-1].pk


def rows(user, *, zone, language: str) -> Iterator[list]:
    """One row per answer (dates in `zone`, topics in `language`)."""
    name = "name_zh" if is_chinese(language) else "name_en"
    for batch in answer_batches(user):
        annotate_answers(batch, user=user, now=clock.now())
        for answer in batch:
            feedback = getattr(answer, "key_point_feedback", None)
            when = answer.submitted_at or answer.shown_at
            yield [
                timezone.localtime(when, zone).strftime("%Y-%m-%d %H:%M") if when else "",
                answer.title_snapshot,
                ", ".join(getattr(tag, name) or tag.slug for tag in answer.question.topics),
                answer.seconds_used if answer.seconds_used is not None else "",
                answer.over_time_seconds or 0,
                answer.rating or "",
                (feedback.suggested_rating or "") if feedback else "",
                feedback.found if feedback else "",
                feedback.total if feedback else "",
                answer.note,
            ]


class _Echo:
    """A file-like object whose write() hands back what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_lines(user, *, zone, language: str, columns: list[str]) -> Iterator[str]:
    """The BOM and the header `columns` (made in the request's language before streaming
    starts), then the rows."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(columns)
    for row in rows(user, zone=zone, language=language):
        yield writer.writerow([safe_cell(cell) for cell in row])


@login_required
@require_safe
def history_csv(request):
    """Download every answer of the signed-in user as CSV."""
    # Captured now: the rows are written after the view returns.
    zone = timezone.get_current_timezone()
    language = get_language() or ""
    response = StreamingHttpResponse(
        csv_lines(request.user, zone=zone, language=language, columns=header()),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime(clock.now(), zone).strftime("%Y-%m-%d")
    response["Content-Disposition"] = content_disposition_header(True, f"history-{stamp}.csv")
    return response

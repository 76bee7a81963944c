"""Looking back: past interviews, every attempt at one question, and progress by topic."""

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.htmx import login_required, wants_fragment
from interview import clock
from interview.charts import bar_rows, rating_chart
from interview.extensions import progress_sections
from interview.models import Answer, Interview, RatingTally
from interview.tallies import week_key
from questions.models import Question, Tag

HISTORY_PAGE_SIZE = 20
ATTEMPTS_PAGE_SIZE = 50
PROGRESS_WEEKS = 12


@login_required
@require_safe
@vary_on_headers("HX-Request")
def history(request):
    """The user's interviews, newest first, with totals computed in the same query."""
    interviews = (
        Interview.objects.for_user(request.user).with_totals().order_by("-started_at", "-pk")
    )
    page = Paginator(interviews, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "history/history.html"
    if wants_fragment(request):
        template += "#interviews"
    return render(request, template, {"page": page})


def _chinese(request) -> bool:
    return getattr(request, "LANGUAGE_CODE", "zh-hans").startswith("zh")


@login_required
@require_safe
def question_attempts(request, slug):
    """All of the user's attempts at one question, so progress on it is visible."""
    question = get_object_or_404(Question, slug=slug)
    attempts = (
        Answer.objects.for_user(request.user)
        .filter(question=question, shown_at__isnull=False)
        .select_related("interview")
        .order_by("-shown_at", "-pk")
    )
    if not question.is_active and not attempts.exists():
        raise Http404("No such question.")  # retired questions stay visible only in history
    page = Paginator(attempts, ATTEMPTS_PAGE_SIZE).get_page(request.GET.get("page"))
    chronological = list(reversed(page.object_list))
    chart = rating_chart(
        [(timezone.localtime(attempt.shown_at), attempt.rating) for attempt in chronological],
        name=_("Rating"),
    )
    context = {"question": question, "page": page, "chart": chart}
    return render(request, "history/question_attempts.html", context)


@login_required
@require_safe
def progress(request):
    """Average self-rating per topic, and per week over the last few months, read from the
    running tallies (a few short rows, however long the history)."""
    since = week_key(clock.now() - timedelta(weeks=PROGRESS_WEEKS))
    tallies = RatingTally.objects.filter(user=request.user, count__gt=0).filter(
        ~Q(kind=RatingTally.Kind.WEEK) | Q(key__gte=since)
    )
    by_kind: dict[str, list[RatingTally]] = {}
    for tally in tallies:
        by_kind.setdefault(tally.kind, []).append(tally)
    names = dict(
        Tag.objects.filter(
            slug__in=[tally.key for tally in by_kind.get(RatingTally.Kind.TOPIC, [])]
        ).values_list("slug", "name_zh" if _chinese(request) else "name_en")
    )
    by_topic = sorted(
        (tally for tally in by_kind.get(RatingTally.Kind.TOPIC, []) if tally.key in names),
        key=lambda tally: (-tally.count, tally.key),
    )
    topics = bar_rows(
        [(names[tally.key], tally.average, tally.count) for tally in by_topic], maximum=4
    )
    weeks = [
        {"week": date.fromisoformat(tally.key), "average": tally.average, "count": tally.count}
        for tally in sorted(by_kind.get(RatingTally.Kind.WEEK, []), key=lambda t: t.key)
    ]
    distribution = {
        int(tally.key): tally.count for tally in by_kind.get(RatingTally.Kind.VALUE, [])
    }
    context = {
        "topics": topics,
        "weeks": weeks,
        "week_chart": rating_chart(
            [(row["week"], row["average"]) for row in weeks], name=_("Average rating")
        ),
        "distribution": [
            (value, label, distribution.get(value, 0)) for value, label in Answer.Rating.choices
        ],
        "total_rated": sum(distribution.values()),
        "sections": progress_sections(user=request.user, now=clock.now()),
    }
    return render(request, "history/progress.html", context)

"""Looking back: past interviews, every attempt at one question, and progress by topic."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.htmx import login_required, wants_fragment
from interview import clock
from interview.charts import bar_rows, line_points
from interview.extensions import progress_sections
from interview.models import Answer, Interview
from questions.models import Question

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
    chart = line_points([attempt.rating for attempt in chronological])
    context = {"question": question, "page": page, "chart": chart}
    return render(request, "history/question_attempts.html", context)


@login_required
@require_safe
def progress(request):
    """Average self-rating per topic, and per week over the last few months."""
    rated = Answer.objects.for_user(request.user).filter(rating__isnull=False)
    by_topic = (
        rated.filter(question__tags__isnull=False)
        .values("question__tags__slug", "question__tags__name_zh", "question__tags__name_en")
        .annotate(average=Avg("rating"), count=Count("id"))
        .order_by("-count", "question__tags__slug")
    )
    since = clock.now() - timedelta(weeks=PROGRESS_WEEKS)
    by_week = (
        rated.filter(rated_at__gte=since)
        .annotate(week=TruncWeek("rated_at"))
        .values("week")
        .annotate(average=Avg("rating"), count=Count("id"))
        .order_by("week")
    )
    distribution = dict(
        rated.values_list("rating").annotate(count=Count("id")).values_list("rating", "count")
    )
    language = getattr(request, "LANGUAGE_CODE", "zh-hans")
    name_key = "question__tags__name_zh" if language.startswith("zh") else "question__tags__name_en"
    topics = bar_rows(
        [(row[name_key], row["average"], row["count"]) for row in by_topic], maximum=4
    )
    weeks = list(by_week)
    context = {
        "topics": topics,
        "weeks": weeks,
        "week_chart": line_points([row["average"] for row in weeks]),
        "distribution": [
            (value, label, distribution.get(value, 0)) for value, label in Answer.Rating.choices
        ],
        "total_rated": sum(distribution.values()),
        "sections": progress_sections(user=request.user, now=clock.now()),
    }
    return render(request, "history/progress.html", context)

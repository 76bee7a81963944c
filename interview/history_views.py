"""Looking back: past interviews, every attempt at one question, and progress by topic."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core import clock
from core.htmx import login_required, wants_fragment
from interview.charts import rating_chart
from interview.extensions import annotate_attempts, attempts_slots, history_links
from interview.history_reads import attempts_page, history_page, question_by_slug
from interview.progress import progress_summary


@login_required
@require_safe
@vary_on_headers("HX-Request")
def history(request):
    """The user's interviews, newest first, with totals computed in the same query."""
    page = history_page(request.user, request.GET.get("page"))
    template = "history/history.html"
    if wants_fragment(request):
        template += "#interviews"
    return render(request, template, {"page": page, "history_links": history_links()})


@login_required
@require_safe
def question_attempts(request, slug):
    """All of the user's attempts at one question, so progress on it is visible."""
    question = question_by_slug(slug)
    page = attempts_page(request.user, question, request.GET.get("page"))
    if not question.is_active and not page.paginator.count:
        raise Http404("No such question.")  # retired questions stay visible only in history
    extras = annotate_attempts(page.object_list, user=request.user, now=clock.now())
    chronological = list(reversed(page.object_list))
    chart = rating_chart(
        [(timezone.localtime(attempt.shown_at), attempt.rating) for attempt in chronological],
        name=_("Rating"),
    )
    context = {
        "question": question,
        "page": page,
        "chart": chart,
        "extras": extras,
        "attempts_slots": attempts_slots(question=question, user=request.user),
    }
    return render(request, "history/question_attempts.html", context)


@login_required
@require_safe
def progress(request):
    """Average self-rating per topic and per week, and the sections other apps add."""
    language = getattr(request, "LANGUAGE_CODE", "zh-hans")
    summary = progress_summary(request.user, now=clock.now(), language=language)
    return render(request, "history/progress.html", summary)

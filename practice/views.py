"""Practice pages: today's plan on the home page, stars, and practising one question."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_cookie

from core import views as core_views
from core.forms import safe_local_path
from core.htmx import login_required
from interview import clock, services
from interview.services.interviews import SINGLE
from practice import dashboard
from practice.models import Card
from questions.models import Question


@require_safe
@vary_on_cookie
def home(request):
    """Today's plan for a signed-in user; the landing page for everyone else."""
    if not request.user.is_authenticated:
        return core_views.home(request)
    user, now = request.user, clock.now()
    waiting, waiting_total = dashboard.waiting_for_rating(user)
    context = {
        "now": now,
        "due_count": dashboard.due_count(user, now),
        "unfinished": dashboard.unfinished(user),
        "waiting": waiting,
        "waiting_total": waiting_total,
        "weak_topics": dashboard.weakest_topics(user, now, get_language() or ""),
        "forecast": dashboard.forecast(user, now),
        "heatmap": dashboard.heatmap(user, now),
    }
    return render(request, "practice/home.html", context)


def _active_question(slug: str) -> Question:
    return get_object_or_404(Question.objects.active(), slug=slug)


@login_required
@require_POST
def star(request, slug):
    """Star or unstar a question for the signed-in user (htmx swaps the button)."""
    question = _active_question(slug)
    with transaction.atomic():
        card, _created = Card.objects.select_for_update().get_or_create(
            user=request.user, question=question
        )
        card.starred = request.POST.get("starred") == "1"
        card.save(update_fields=["starred"])
    next_url = safe_local_path(request.POST.get("next", ""))
    if request.htmx:
        context = {"question": question, "card": card, "next": next_url}
        return render(request, "practice/_star.html", context)
    if card.starred:
        messages.success(request, _("Starred."))
    else:
        messages.info(request, _("Star removed."))
    return HttpResponseRedirect(next_url or question.get_absolute_url())


@login_required
@require_POST
def practise(request, slug):
    """Start a one-question interview with this question, at its suggested time."""
    question = _active_question(slug)
    try:
        interview = services.interview_start(
            user=request.user,
            tags=[],
            question_count=1,
            minutes_per_question=None,
            prefer_unseen=False,
            now=clock.now(),
            questions=[question],
            mode=SINGLE,
        )
    except services.InterviewError as error:
        messages.error(request, error.message)
        return redirect(question.get_absolute_url())
    return redirect(interview.get_absolute_url())

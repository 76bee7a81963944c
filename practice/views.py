"""Practice pages: today's plan on the home page, stars, and practising one question."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_cookie

from core import clock
from core.forms import safe_local_path
from core.htmx import login_required
from interview import services
from interview.forms import first_error
from interview.practise_forms import OnceReturnForm
from interview.returns import remember_return
from interview.services.interviews import SINGLE
from practice import dashboard
from practice.forms import StarForm
from practice.services import card_star
from questions.models import Question


@require_safe
@vary_on_cookie
def home(request):
    """Today's plan: the home page of a signed-in user (registered in `practice.apps`)."""
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
    form = StarForm(request.POST)
    next_url = form.data.get("next", "")
    next_url = safe_local_path(next_url if isinstance(next_url, str) else "")
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(first_error(form), status=422, content_type="text/plain")
        messages.error(request, first_error(form))
        return HttpResponseRedirect(next_url or question.get_absolute_url())
    card = card_star(
        user=request.user, question=question, starred=form.cleaned_data["starred"] == "1"
    )
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
    """Start a one-question interview with this question, at its suggested time; its
    summary leads back to the page it was started from (`next`)."""
    question = _active_question(slug)
    form = OnceReturnForm(request.POST)
    error = None
    if not form.is_valid():
        error = first_error(form)
    else:
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
                token=form.cleaned_data["token"],
            )
        except services.InterviewError as failure:
            error = failure.message
        else:
            remember_return(request, interview, form.cleaned_data["next"])
            return redirect(interview.get_absolute_url())
    messages.error(request, error)
    return redirect(form.cleaned_data.get("next") or question.get_absolute_url())

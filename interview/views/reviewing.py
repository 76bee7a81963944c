"""Looking at a finished interview: the summary, and rating each answer."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import clock
from core.htmx import is_htmx, login_required
from interview import services
from interview.extensions import annotate_answers, answer_relations
from interview.forms import RateForm
from interview.models import Answer, Interview
from interview.returns import return_path
from interview.services.interviews import SINGLE
from interview.suggestions import next_questions
from interview.views.responses import error_response, invalid_form, user_answer


@login_required
@require_safe
def review(request, pk):
    """The summary: every answer beside the model answer as it was shown, with totals."""
    interview = get_object_or_404(Interview.objects.for_user(request.user).with_totals(), pk=pk)
    answers = list(
        interview.answers.select_related("question", *answer_relations()).order_by("position")
    )
    now = clock.now()
    annotate_answers(answers, user=request.user, now=now)
    single = interview.mode == SINGLE and len(answers) == 1
    back = return_path(request, interview)
    if single and not back and answers[0].question.is_active:
        back = answers[0].question.get_absolute_url()
    context = {
        "interview": interview,
        "answers": answers,
        "back": back,
        # After one question practised on its own: where to go on from here.
        "suggestions": (
            next_questions(user=request.user, question=answers[0].question, now=now)
            if single and not interview.is_open
            else []
        ),
        "over_time_count": sum(1 for answer in answers if answer.over_time),
        "weak_count": sum(1 for answer in answers if answer.rating and answer.rating <= 2),
        "rated_count": sum(1 for answer in answers if answer.rating),
    }
    return render(request, "interview/review.html", context)


@login_required
@require_POST
def rate(request, pk, position):
    """Record the self-rating and note; allowed again later from the history."""
    form = RateForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, user_answer(request, pk, position).get_absolute_url())
    following = form.cleaned_data["next"]
    try:
        # The answer is read once, under the service's lock (none for anyone else's).
        answer = services.answer_rate_at(
            interview_id=pk,
            position=position,
            user_id=request.user.pk,
            rating=form.cleaned_data["rating"],
            note=form.cleaned_data["note"],
            now=clock.now(),
        )
    except Answer.DoesNotExist:
        raise Http404("No Answer matches the given query.") from None
    except services.InterviewError as error:
        # Answer.get_absolute_url, without reading the answer again.
        fallback = following or reverse("interview:question", args=[pk, position])
        return error_response(request, error, fallback)
    if is_htmx(request):
        annotate_answers([answer], user=request.user, now=clock.now())
        context = {"answer": answer, "saved": True, "next": following}
        return render(request, "interview/question.html#rating", context)
    messages.success(request, _("Rating saved."))
    return HttpResponseRedirect(following or answer.get_absolute_url())

"""What the interview pages share: the user's own rows, and a domain error as a response."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django_htmx.http import reswap, retarget

from core.prepared import Prepared
from interview import services
from interview.extensions import answer_relations
from interview.forms import first_error
from interview.models import Answer, Interview


def user_interview(request, pk) -> Interview:
    """The signed-in user's interview (404 for anyone else's)."""
    return get_object_or_404(Interview, pk=pk, user=request.user)


def _user_answers(*, for_display: bool) -> Prepared:
    """The user's answer at a position of an interview, with the interview (and, for
    display, what the extensions show with it), compiled once per process: on the hot
    requests building this query cost more than running it. The extensions' relations are
    all registered (AppConfig.ready) before the first request builds it."""

    def build(pk, user_id, position):
        related = answer_relations() if for_display else []
        return Answer.objects.select_related("interview", *related).filter(
            interview__pk=pk, interview__user=user_id, position=position
        )

    return Prepared(Answer, build)


_answers = _user_answers(for_display=False)
_answers_for_display = _user_answers(for_display=True)


def user_answer(request, pk, position, *, for_display=False) -> Answer:
    """The signed-in user's answer (404 for anyone else's); `for_display` also loads what
    the page's extensions show with it (a join, not a query each)."""
    answers = _answers_for_display if for_display else _answers
    try:
        return answers.get(int(pk), request.user.pk, int(position))
    except Answer.DoesNotExist:
        raise Http404("No Answer matches the given query.") from None


def error_status(error: services.InterviewError) -> int:
    """422 for a request that is wrong in itself, 409 for one the current state refuses."""
    return 422 if isinstance(error, services.InvalidInput) else 409


def error_response(request, error: services.InterviewError, fallback_url: str):
    """htmx gets the message as a fragment in #flash; a plain POST redirects with it."""
    if request.htmx:
        context = {"error": error.message}
        response = render(
            request, "interview/question.html#flash", context, status=error_status(error)
        )
        return reswap(retarget(response, "#flash"), "innerHTML")
    messages.error(request, error.message)
    return HttpResponseRedirect(fallback_url)


def invalid_form(request, form, fallback_url: str):
    """A POST whose fields are malformed: say what is wrong, change nothing."""
    return error_response(request, services.InvalidInput(first_error(form)), fallback_url)

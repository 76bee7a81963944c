"""Answering against the clock: the question page, its drafts, submit or skip, and ending
the interview early."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core import clock
from core.htmx import is_htmx, login_required
from interview import services
from interview.extensions import annotate_answers, answer_panels
from interview.forms import AutosaveForm, SubmitForm, first_error
from interview.limits import ANSWER_MAX_CHARS
from interview.models import Answer
from interview.templatetags.answering import save_status
from interview.views.responses import (
    error_response,
    error_status,
    invalid_form,
    user_answer,
    user_interview,
)


@login_required
@require_safe
def play(request, pk):
    """Send the user to the question they are on, or to the summary when all are done."""
    interview = user_interview(request, pk)
    if interview.is_open:
        current = services.current_answer(interview)
        if current is not None:
            return redirect(current.get_absolute_url())
    return redirect("interview:review", pk=interview.pk)


def _question_context(request, answer: Answer, *, now, text=None, error=None) -> dict:
    """What the question page (or its answer panel) shows for `answer` at `now`."""
    remaining = None
    panels = []
    if answer.status == Answer.Status.ACTIVE:
        remaining = max(0, int((answer.deadline - now).total_seconds()))
        panels = answer_panels(answer=answer, interview=answer.interview)
    annotate_answers([answer], user=request.user, now=now)
    return {
        "answer": answer,
        "interview": answer.interview,
        "remaining": remaining,
        "text": answer.draft_text if text is None else text,
        "error": error,
        "answer_max_chars": ANSWER_MAX_CHARS,
        "answer_panels": panels,
    }


@login_required
@require_safe
def question(request, pk, position):
    """The current question with its countdown, or the reveal once it has been answered."""
    answer = user_answer(request, pk, position, for_display=True)
    now = clock.now()
    answer = services.answer_expire(answer=answer, now=now)
    if answer.status == Answer.Status.PENDING:
        current = services.current_answer(answer.interview)
        if not (answer.interview.is_open and current and current.pk == answer.pk):
            return redirect("interview:play", pk=pk)  # no peeking at later questions
        answer = services.answer_show(answer=answer, now=now)
    elif answer.status == Answer.Status.NOT_REACHED:
        return redirect("interview:review", pk=pk)
    return render(request, "interview/question.html", _question_context(request, answer, now=now))


@login_required
@require_POST
def autosave(request, pk, position):
    """Store a draft, unless a newer one has already arrived."""
    now = clock.now()
    form = AutosaveForm(request.POST, now=now)
    valid = form.is_valid()
    beacon = form.cleaned_data.get("beacon", False)
    # Reversed only where a refusal or a plain form's redirect goes back to the question.
    question_url = partial(reverse, "interview:question", args=[pk, position])
    if not valid:
        user_answer(request, pk, position)  # anyone else's answer is a 404, as ever
        if beacon:
            return HttpResponse(status=422)
        return invalid_form(request, form, question_url())
    text = form.cleaned_data["text"]
    try:
        saved = services.draft_save(
            user=request.user,
            interview_id=pk,
            position=position,
            text=text,
            revision=form.cleaned_data["revision"],
            now=now,
        )
    except Answer.DoesNotExist:
        raise Http404 from None
    except services.InterviewError as error:
        if beacon:
            return HttpResponse(status=error_status(error))
        if request.htmx and isinstance(error, services.DraftAlreadySubmitted):
            return HttpResponse(status=204)  # a save that lost the race to its own submit
        return error_response(request, error, question_url())
    if saved.kept:
        return _draft_saved(request, now, saved.revision, question_url, beacon=beacon)
    if beacon:
        return HttpResponse(status=204)
    if is_htmx(request):
        response = _status_line(save_status(now, kept=False))
        # The page trusts only what the server kept, and never sends revisions below it.
        response["X-Draft-Saved"] = "0"
        response["X-Draft-Revision"] = str(services.stored_revision(saved.answer))
        return response
    messages.info(request, _("A newer draft is already saved."))
    return redirect(question_url())


def _draft_saved(request, now, revision: int, question_url, *, beacon: bool):
    """The answer to a draft that was stored: a status line for htmx, a bare 204 for a
    beacon, back to the question (with a message) for a plain form."""
    if beacon:
        return HttpResponse(status=204)
    if is_htmx(request):
        response = _status_line(save_status(now, kept=True))
        response["X-Draft-Saved"] = "1"
        response["X-Draft-Revision"] = str(revision)
        return response
    messages.success(request, _("Draft saved."))
    return HttpResponseRedirect(question_url())


def _status_line(text: str) -> HttpResponse:
    """HttpResponse(text), its charset named up front rather than looked up twice."""
    return HttpResponse(text, charset=settings.DEFAULT_CHARSET)


@login_required
@require_POST
def submit(request, pk, position):
    """Submit, skip, or end the interview from the answer form."""
    now = clock.now()
    form = SubmitForm(request.POST, now=now)
    if not form.is_valid():
        answer = user_answer(request, pk, position)
        text = services.clean_text(request.POST.get("text", answer.draft_text))
        return _keep_typed(request, answer, first_error(form), now=now, text=text)
    data = form.cleaned_data
    if data["action"] == "end":
        return _end_from_question(request, user_answer(request, pk, position), data, now=now)
    try:
        # The answer is read once, under the service's lock (none for anyone else's).
        answer = services.answer_submit_sent_at(
            interview_id=pk,
            position=position,
            user_id=request.user.pk,
            text=data["text"],
            revision=data["revision"],
            now=now,
            by_timer=data["by_timer"],
            skip=data["action"] == "skip",
        )
    except Answer.DoesNotExist:
        raise Http404("No Answer matches the given query.") from None
    except services.InvalidInput as error:
        answer = user_answer(request, pk, position)
        return _keep_typed(request, answer, error.message, now=now, text=data["text"])
    except services.InterviewError as error:
        return _refused(request, user_answer(request, pk, position), error, now=now)
    if is_htmx(request):
        return render(
            request, "interview/question.html#panel", _question_context(request, answer, now=now)
        )
    return redirect(answer.get_absolute_url())


def _end_from_question(request, answer: Answer, data: dict, *, now):
    """The answer form's "end" button: the open question keeps what the page showed."""
    try:
        services.interview_end(
            interview=answer.interview,
            text=data["text"],
            answer=answer,
            revision=data["revision"],
            now=now,
        )
    except services.InvalidInput as error:
        return _keep_typed(request, answer, error.message, now=now, text=data["text"])
    except services.InterviewError as error:
        return _refused(request, answer, error, now=now)
    review_url = reverse("interview:review", args=[answer.interview_id])
    if request.htmx:
        return HttpResponseClientRedirect(review_url)
    messages.info(request, _("Interview ended. The remaining questions are marked not reached."))
    return redirect(review_url)


def _keep_typed(request, answer: Answer, message: str, *, now, text):
    """A submit or end refused for what was sent: htmx gets the message in the flash area;
    a plain form comes back with the text as typed (re-rendered, not redirected), so
    nothing typed is lost."""
    if request.htmx:
        return error_response(request, services.InvalidInput(message), answer.get_absolute_url())
    context = _question_context(request, answer, now=now, text=text, error=message)
    return render(request, "interview/question.html", context, status=422)


def _refused(request, answer: Answer, error: services.InterviewError, *, now):
    """A submit or end the answer's state refuses: an answer already done is shown as kept."""
    answer.refresh_from_db()
    if request.htmx and answer.is_done:
        # Already answered (a retry, another tab): show the answer as kept, and say so.
        context = _question_context(request, answer, now=now) | {"notice": error.message}
        return render(request, "interview/question.html#panel", context, status=409)
    return error_response(request, error, answer.get_absolute_url())


@login_required
@require_POST
def end(request, pk):
    """End an interview early; the open question keeps its saved draft."""
    interview = user_interview(request, pk)
    try:
        services.interview_end(interview=interview, now=clock.now())
    except services.InterviewError as error:
        return error_response(request, error, reverse("interview:review", args=[pk]))
    messages.info(request, _("Interview ended. The remaining questions are marked not reached."))
    return redirect("interview:review", pk=pk)

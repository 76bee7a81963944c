"""Taking a mock interview: start, answer against the clock, reveal, rate, review."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from core.htmx import login_required
from interview import clock, services
from interview.forms import StartForm
from interview.models import Answer, Interview


def _user_interview(request, pk) -> Interview:
    return get_object_or_404(Interview, pk=pk, user=request.user)


def _user_answer(request, pk, position) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related("interview"),
        interview__pk=pk,
        interview__user=request.user,
        position=position,
    )


def _error_response(request, error: services.InterviewError, fallback_url: str):
    """htmx gets the message as a fragment in #flash; a plain POST redirects with it."""
    if request.htmx:
        response = render(
            request, "interview/question.html#flash", {"error": error.message}, status=error.status
        )
        return reswap(retarget(response, "#flash"), "innerHTML")
    messages.error(request, error.message)
    return redirect(fallback_url)


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """Choose topics, length and time; lists unfinished interviews to resume."""
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = services.interview_start(
                user=request.user,
                tags=data["topics"],
                question_count=data["question_count"],
                minutes_per_question=data["minutes"],
                prefer_unseen=data["prefer_unseen"],
                now=clock.now(),
            )
        except services.InterviewError as error:
            form.add_error(None, error.message)
        else:
            return redirect(interview.get_absolute_url())
    unfinished = (
        Interview.objects.for_user(request.user)
        .unfinished()
        .with_totals()
        .order_by("-started_at")[:20]
    )
    status = 422 if form.errors else 200
    return render(
        request, "interview/start.html", {"form": form, "unfinished": unfinished}, status=status
    )


@login_required
@require_safe
def play(request, pk):
    """Send the user to the question they are on, or to the summary when all are done."""
    interview = _user_interview(request, pk)
    if interview.is_open:
        current = services.interview_current_answer(interview)
        if current is not None:
            return redirect(current.get_absolute_url())
    return redirect("interview:review", pk=interview.pk)


def _question_context(answer: Answer, *, now, text=None, error=None) -> dict:
    remaining = None
    if answer.status == Answer.Status.ACTIVE:
        remaining = max(0, int((answer.deadline - now).total_seconds()))
    return {
        "answer": answer,
        "interview": answer.interview,
        "remaining": remaining,
        "text": answer.draft_text if text is None else text,
        "error": error,
        "answer_max_chars": settings.ANSWER_MAX_CHARS,
    }


@login_required
@require_safe
def question(request, pk, position):
    """The current question with its countdown, or the reveal once it has been answered."""
    answer = _user_answer(request, pk, position)
    now = clock.now()
    answer = services.answer_expire(answer=answer, now=now)
    if answer.status == Answer.Status.PENDING:
        current = services.interview_current_answer(answer.interview)
        if not (answer.interview.is_open and current and current.pk == answer.pk):
            return redirect("interview:play", pk=pk)  # no peeking at later questions
        answer = services.answer_show(answer=answer, now=now)
    elif answer.status == Answer.Status.NOT_REACHED:
        return redirect("interview:review", pk=pk)
    return render(request, "interview/question.html", _question_context(answer, now=now))


def _posted_revision(request, *, default: int) -> int:
    """The revision the page sent, or `default` when it sent none (or nonsense)."""
    try:
        revision = int(request.POST["revision"])
    except (KeyError, ValueError):
        return default
    # Beyond a 64-bit column the database would raise; treat it like no revision at all.
    return revision if abs(revision) < 2**63 else default


@login_required
@require_POST
def autosave(request, pk, position):
    """Store a draft, unless a newer one has already arrived."""
    answer = _user_answer(request, pk, position)
    text = services.clean_text(request.POST.get("text", ""))
    now = clock.now()
    try:
        revision = _posted_revision(request, default=answer.draft_revision + 1)
        kept = services.answer_save_draft(answer=answer, text=text, revision=revision, now=now)
    except services.InterviewError as error:
        if request.POST.get("beacon"):
            return HttpResponse(status=error.status)
        if request.htmx and answer.is_done and text in (answer.submitted_text, answer.draft_text):
            return HttpResponse(status=204)  # a save that lost the race to its own submit
        return _error_response(request, error, answer.get_absolute_url())
    if request.POST.get("beacon"):
        return HttpResponse(status=204)
    if request.htmx:
        response = render(
            request, "interview/question.html#save_status", {"saved_at": now, "kept": kept}
        )
        # The page trusts only what the server kept, and never sends revisions below it.
        response["X-Draft-Saved"] = "1" if kept else "0"
        stored = revision if kept else services.stored_revision(answer)
        response["X-Draft-Revision"] = str(stored)
        return response
    if kept:
        messages.success(request, _("Draft saved."))
    else:
        messages.info(request, _("A newer draft is already saved."))
    return redirect(answer.get_absolute_url())


@login_required
@require_POST
def submit(request, pk, position):
    """Submit, skip, or end the interview from the answer form."""
    answer = _user_answer(request, pk, position)
    action = request.POST.get("action", "submit")
    text = request.POST.get("text")
    if text is not None:
        text = services.clean_text(text)
    now = clock.now()
    try:
        revision = _posted_revision(request, default=int(now.timestamp() * 1000))
        if action == "end":
            services.interview_end(
                interview=answer.interview, text=text, answer=answer, revision=revision, now=now
            )
            review_url = reverse("interview:review", args=[pk])
            if request.htmx:
                return HttpResponseClientRedirect(review_url)
            messages.info(
                request, _("Interview ended. The remaining questions are marked not reached.")
            )
            return redirect(review_url)
        if action not in ("submit", "skip"):
            raise services.InvalidInput(_("Unknown action."))
        answer = services.answer_submit(
            answer=answer,
            text=answer.draft_text if text is None else text,
            revision=revision if text is not None else answer.draft_revision,
            now=now,
            by_timer=request.POST.get("by_timer") == "1",
            skip=action == "skip",
        )
    except services.InvalidInput as error:
        # Keep what was typed on the page: re-render rather than redirect.
        if request.htmx:
            return _error_response(request, error, answer.get_absolute_url())
        context = _question_context(answer, now=now, text=text, error=error.message)
        return render(request, "interview/question.html", context, status=error.status)
    except services.InterviewError as error:
        answer.refresh_from_db()
        if request.htmx and answer.is_done:
            # Already answered (a retry, another tab): show the answer as kept, and say so.
            context = _question_context(answer, now=now) | {"notice": error.message}
            return render(request, "interview/question.html#panel", context, status=error.status)
        return _error_response(request, error, answer.get_absolute_url())
    if request.htmx:
        return render(request, "interview/question.html#panel", _question_context(answer, now=now))
    return redirect(answer.get_absolute_url())


@login_required
@require_POST
def rate(request, pk, position):
    """Record the self-rating and note; allowed again later from the history."""
    answer = _user_answer(request, pk, position)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = answer.get_absolute_url()
    try:
        answer = services.answer_rate(
            answer=answer,
            rating=request.POST.get("rating"),
            note=services.clean_text(request.POST.get("note", ""))
            if "note" in request.POST
            else None,
            now=clock.now(),
        )
    except services.InterviewError as error:
        return _error_response(request, error, next_url)
    if request.htmx:
        context = {"answer": answer, "saved": True, "next": request.POST.get("next") and next_url}
        return render(request, "interview/question.html#rating", context)
    messages.success(request, _("Rating saved."))
    return redirect(next_url)


@login_required
@require_POST
def end(request, pk):
    """End an interview early; the open question keeps its saved draft."""
    interview = _user_interview(request, pk)
    try:
        services.interview_end(interview=interview, now=clock.now())
    except services.InterviewError as error:
        return _error_response(request, error, reverse("interview:review", args=[pk]))
    messages.info(request, _("Interview ended. The remaining questions are marked not reached."))
    return redirect("interview:review", pk=pk)


@login_required
@require_safe
def review(request, pk):
    """The summary: every answer beside the model answer as it was shown, with totals."""
    interview = get_object_or_404(Interview.objects.for_user(request.user).with_totals(), pk=pk)
    answers = list(interview.answers.select_related("question").order_by("position"))
    context = {
        "interview": interview,
        "answers": answers,
        "over_time_count": sum(1 for answer in answers if answer.over_time),
        "weak_count": sum(1 for answer in answers if answer.rating and answer.rating <= 2),
        "rated_count": sum(1 for answer in answers if answer.rating),
    }
    return render(request, "interview/review.html", context)


@login_required
@require_POST
def retry(request, pk):
    """Start a new interview with the questions rated 1–2 in this one."""
    interview = _user_interview(request, pk)
    try:
        new_interview = services.interview_retry(interview=interview, now=clock.now())
    except services.InterviewError as error:
        return _error_response(request, error, reverse("interview:review", args=[pk]))
    return redirect(new_interview.get_absolute_url())

"""Taking a mock interview: start, answer against the clock, reveal, rate, review."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from core import ratelimit
from core.htmx import login_required
from interview import clock, selection, services
from interview.extensions import annotate_answers, answer_relations
from interview.forms import (
    AutosaveForm,
    OnceForm,
    RateForm,
    StartForm,
    SubmitForm,
    first_error,
)
from interview.limits import ANSWER_MAX_CHARS, START_LIMIT, START_WINDOW_SECONDS
from interview.models import Answer, Interview


def _user_interview(request, pk) -> Interview:
    return get_object_or_404(Interview, pk=pk, user=request.user)


def _user_answer(request, pk, position, *, for_display=False) -> Answer:
    """The signed-in user's answer (404 for anyone else's); `for_display` also loads what
    the page's extensions show with it (a join, not a query each)."""
    related = answer_relations() if for_display else []
    return get_object_or_404(
        Answer.objects.select_related("interview", *related),
        interview__pk=pk,
        interview__user=request.user,
        position=position,
    )


def error_status(error: services.InterviewError) -> int:
    """422 for a request that is wrong in itself, 409 for one the current state refuses."""
    return 422 if isinstance(error, services.InvalidInput) else 409


def _error_response(request, error: services.InterviewError, fallback_url: str):
    """htmx gets the message as a fragment in #flash; a plain POST redirects with it."""
    if request.htmx:
        context = {"error": error.message}
        response = render(
            request, "interview/question.html#flash", context, status=error_status(error)
        )
        return reswap(retarget(response, "#flash"), "innerHTML")
    messages.error(request, error.message)
    return HttpResponseRedirect(fallback_url)


def _invalid_form(request, form, fallback_url: str):
    """A POST whose fields are malformed: say what is wrong, change nothing."""
    return _error_response(request, services.InvalidInput(first_error(form)), fallback_url)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def start(request):
    """Choose what to practise, how many and how long; lists unfinished interviews to resume."""
    now = clock.now()
    counts = _mode_counts(request.user, now)
    initial = {"mode": _initial_mode(request, counts)}
    if request.htmx and request.method == "GET" and "estimate" in request.GET:
        # The form changed: only the expected length beside Start is redrawn.
        form = StartForm(request.GET, user=request.user, now=now, initial=initial)
        context = {"estimate": form.expected_length(counts)}
        return render(request, "interview/start.html#estimate", context)
    data = request.POST if request.method == "POST" else None
    form = StartForm(data, user=request.user, now=now, initial=initial)
    status = 200
    if request.method == "POST" and not starts_allowed(request.user):
        form.is_valid()
        form.add_error(None, too_many_starts_message())
        status = 429
    elif request.method == "POST" and form.is_valid():
        mode = form.cleaned_data["mode_object"]
        try:
            questions = selection.pick(mode, form.choice())
            interview = services.interview_start(
                user=request.user,
                tags=form.cleaned_data["topics"],
                question_count=len(questions),
                minutes_per_question=form.cleaned_data["minutes"],
                prefer_unseen=form.cleaned_data["prefer_unseen"],
                now=now,
                questions=questions,
                mode=mode.key,
                token=form.cleaned_data["token"],
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
    context = {
        "form": form,
        "unfinished": unfinished,
        "modes": counts,
        "mode_list": selection.modes(),
        "estimate": form.expected_length(counts),
    }
    if form.errors and status == 200:
        status = 422
    return render(request, "interview/start.html", context, status=status)


def starts_allowed(user) -> bool:
    """Count one start against the user's limit (START_LIMIT per START_WINDOW_SECONDS)."""
    return ratelimit.allow(
        f"interview-start:{user.pk}", limit=START_LIMIT, window_seconds=START_WINDOW_SECONDS
    )


def too_many_starts_message() -> str:
    return _(
        "You have started %(limit)d interviews in the last few minutes. Wait a little before "
        "starting another."
    ) % {"limit": START_LIMIT}


def _initial_mode(request, counts: dict[str, int]) -> str:
    """The mode named in the link (?mode=due), else the first of the preferred modes that
    has questions right now: reviews that are due come before anything else."""
    named = request.GET.get("mode", "")
    if selection.get_mode(named):
        return named
    for key in selection.PREFERRED_MODES:
        if counts.get(key):
            return key
    return selection.MIX


def _mode_counts(user, now) -> dict[str, int]:
    """How many questions each mode could offer right now, over every topic."""
    pool = selection.pool([])
    return {mode.key: mode.available(user, pool, now) for mode in selection.modes()}


@login_required
@require_safe
def play(request, pk):
    """Send the user to the question they are on, or to the summary when all are done."""
    interview = _user_interview(request, pk)
    if interview.is_open:
        current = services.current_answer(interview)
        if current is not None:
            return redirect(current.get_absolute_url())
    return redirect("interview:review", pk=interview.pk)


def _question_context(request, answer: Answer, *, now, text=None, error=None) -> dict:
    remaining = None
    if answer.status == Answer.Status.ACTIVE:
        remaining = max(0, int((answer.deadline - now).total_seconds()))
    annotate_answers([answer], user=request.user, now=now)
    return {
        "answer": answer,
        "interview": answer.interview,
        "remaining": remaining,
        "text": answer.draft_text if text is None else text,
        "error": error,
        "answer_max_chars": ANSWER_MAX_CHARS,
    }


@login_required
@require_safe
def question(request, pk, position):
    """The current question with its countdown, or the reveal once it has been answered."""
    answer = _user_answer(request, pk, position, for_display=True)
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
    beacon = request.POST.get("beacon") == "1"
    if form.is_valid() and form.cleaned_data["revision"] is not None:
        # What the page sends every few seconds: one UPDATE, scoped to the user's own answer
        # on the clock. Anything else (refused, stale, someone else's) takes the long way.
        try:
            stored = services.draft_store(
                user=request.user,
                interview_id=pk,
                position=position,
                text=form.cleaned_data["text"],
                revision=form.cleaned_data["revision"],
                now=now,
            )
        except services.InvalidInput:
            stored = False
        if stored:
            question_url = reverse("interview:question", args=[pk, position])
            return _draft_saved(request, now, form.cleaned_data["revision"], question_url)
    answer = _user_answer(request, pk, position)
    if not form.is_valid():
        if beacon:
            return HttpResponse(status=422)
        return _invalid_form(request, form, answer.get_absolute_url())
    text = form.cleaned_data["text"]
    revision = form.cleaned_data["revision"]
    if revision is None:
        revision = services.next_revision(answer)
    try:
        kept = services.answer_save_draft(answer=answer, text=text, revision=revision, now=now)
    except services.InterviewError as error:
        if beacon:
            return HttpResponse(status=error_status(error))
        if request.htmx and answer.is_done and text in (answer.submitted_text, answer.draft_text):
            return HttpResponse(status=204)  # a save that lost the race to its own submit
        return _error_response(request, error, answer.get_absolute_url())
    if kept:
        return _draft_saved(request, now, revision, answer.get_absolute_url())
    if beacon:
        return HttpResponse(status=204)
    if request.htmx:
        response = render(
            request, "interview/question.html#save_status", {"saved_at": now, "kept": False}
        )
        # The page trusts only what the server kept, and never sends revisions below it.
        response["X-Draft-Saved"] = "0"
        response["X-Draft-Revision"] = str(services.stored_revision(answer))
        return response
    messages.info(request, _("A newer draft is already saved."))
    return redirect(answer.get_absolute_url())


def _draft_saved(request, now, revision: int, question_url: str):
    """The answer to a draft that was stored: a status line for htmx, a bare 204 for a
    beacon, back to the question (with a message) for a plain form."""
    if request.POST.get("beacon") == "1":
        return HttpResponse(status=204)
    if request.htmx:
        response = render(
            request, "interview/question.html#save_status", {"saved_at": now, "kept": True}
        )
        response["X-Draft-Saved"] = "1"
        response["X-Draft-Revision"] = str(revision)
        return response
    messages.success(request, _("Draft saved."))
    return HttpResponseRedirect(question_url)


@login_required
@require_POST
def submit(request, pk, position):
    """Submit, skip, or end the interview from the answer form."""
    answer = _user_answer(request, pk, position)
    now = clock.now()
    form = SubmitForm(request.POST, now=now)
    if not form.is_valid():
        if request.htmx:
            return _invalid_form(request, form, answer.get_absolute_url())
        # Keep what was typed on the page: re-render rather than redirect.
        text = services.clean_text(request.POST.get("text", answer.draft_text))
        context = _question_context(request, answer, now=now, text=text, error=first_error(form))
        return render(request, "interview/question.html", context, status=422)
    data = form.cleaned_data
    text = data["text"]
    try:
        if data["action"] == "end":
            services.interview_end(
                interview=answer.interview,
                text=text,
                answer=answer,
                revision=data["revision"],
                now=now,
            )
            review_url = reverse("interview:review", args=[pk])
            if request.htmx:
                return HttpResponseClientRedirect(review_url)
            messages.info(
                request, _("Interview ended. The remaining questions are marked not reached.")
            )
            return redirect(review_url)
        if text is None:
            text, revision = answer.draft_text, answer.draft_revision
        else:
            # A text without a revision is the newest there is (a plain form post).
            revision = data["revision"]
            if revision is None:
                revision = int(now.timestamp() * 1000)
        answer = services.answer_submit(
            answer=answer,
            text=text,
            revision=revision,
            now=now,
            by_timer=data["by_timer"],
            skip=data["action"] == "skip",
        )
    except services.InvalidInput as error:
        # Keep what was typed on the page: re-render rather than redirect.
        if request.htmx:
            return _error_response(request, error, answer.get_absolute_url())
        context = _question_context(request, answer, now=now, text=text, error=error.message)
        return render(request, "interview/question.html", context, status=422)
    except services.InterviewError as error:
        answer.refresh_from_db()
        if request.htmx and answer.is_done:
            # Already answered (a retry, another tab): show the answer as kept, and say so.
            context = _question_context(request, answer, now=now) | {"notice": error.message}
            return render(request, "interview/question.html#panel", context, status=409)
        return _error_response(request, error, answer.get_absolute_url())
    if request.htmx:
        return render(
            request, "interview/question.html#panel", _question_context(request, answer, now=now)
        )
    return redirect(answer.get_absolute_url())


@login_required
@require_POST
def rate(request, pk, position):
    """Record the self-rating and note; allowed again later from the history."""
    answer = _user_answer(request, pk, position)
    form = RateForm(request.POST)
    next_url = answer.get_absolute_url()
    if not form.is_valid():
        return _invalid_form(request, form, next_url)
    next_url = form.cleaned_data["next"] or next_url
    try:
        answer = services.answer_rate(
            answer=answer,
            rating=form.cleaned_data["rating"],
            note=form.cleaned_data["note"],
            now=clock.now(),
        )
    except services.InterviewError as error:
        return _error_response(request, error, next_url)
    if request.htmx:
        annotate_answers([answer], user=request.user, now=clock.now())
        context = {"answer": answer, "saved": True, "next": form.cleaned_data["next"]}
        return render(request, "interview/question.html#rating", context)
    messages.success(request, _("Rating saved."))
    return HttpResponseRedirect(next_url)


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
    answers = list(
        interview.answers.select_related("question", *answer_relations()).order_by("position")
    )
    annotate_answers(answers, user=request.user, now=clock.now())
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
    review_url = reverse("interview:review", args=[pk])
    form = OnceForm(request.POST)
    if not form.is_valid():
        return _invalid_form(request, form, review_url)
    if not starts_allowed(request.user):
        return _error_response(
            request, services.InterviewError(too_many_starts_message()), review_url
        )
    try:
        new_interview = services.interview_retry(
            interview=interview, now=clock.now(), token=form.cleaned_data["token"]
        )
    except services.InterviewError as error:
        return _error_response(request, error, review_url)
    return redirect(new_interview.get_absolute_url())

"""Starting an interview: the start page (with its estimate beside Start) and a retry of
the questions rated low."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core import clock
from core.htmx import login_required
from core.prepared import Prepared
from interview import estimates, selection, services, start_page
from interview.forms import OnceForm, StartForm, first_error
from interview.limits import MAX_QUESTION_COUNT
from interview.models import Interview
from interview.practise_forms import PractiseForm
from interview.returns import remember_return
from interview.services.interviews import CHOSEN, SINGLE
from interview.views.responses import error_response, invalid_form, user_interview
from questions import generation

# How many unfinished interviews the start page lists.
UNFINISHED_SHOWN = 20
# Those interviews with their totals, compiled once per process (core.prepared).
_unfinished = Prepared(
    Interview,
    lambda user_id: Interview.objects.filter(user=user_id).to_resume(limit=UNFINISHED_SHOWN),
)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def start(request):
    """Choose what to practise, how many and how long; lists unfinished interviews to resume."""
    now = clock.now()
    if request.method == "POST":
        # What the modes offer is shown, not checked: a start that succeeds never counts it.
        form = StartForm(request.POST, user=request.user, now=now)
        counts = None
    else:
        # What the page shows of the whole bank (the pool's size, the topics with their
        # counts) is kept per process while the bank's generation stays the same: one small
        # query, made only for a page (a start that succeeds shows none of it).
        bank = generation.current()
        counts, whole_pool = _mode_counts(request.user, now, bank)
        initial = {"mode": _initial_mode(request, counts)}
        if request.htmx and "estimate" in request.GET:
            # The form changed: only the expected length beside Start is redrawn.
            form = StartForm(request.GET, user=request.user, now=now, initial=initial)
            context = _estimate_context(form, counts, whole_pool) | {"oob": True}
            return render(request, "interview/start.html#estimate", context)
        form = StartForm(user=request.user, now=now, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_start(
                user=request.user,
                tags=form.cleaned_data["topics"],
                question_count=form.cleaned_data["question_count"],
                minutes_per_question=form.cleaned_data["minutes"],
                prefer_unseen=form.cleaned_data["prefer_unseen"],
                top_up=form.cleaned_data["top_up"],
                now=now,
                mode=form.cleaned_data["mode_object"].key,
                token=form.cleaned_data["token"],
                created=form.start_option_callback(),
            )
        except services.InterviewError as error:
            form.add_error(None, error.message)
            if isinstance(error, services.TooManyStarts):
                status = 429
        else:
            return redirect(interview.get_absolute_url())
    if counts is None:
        bank = generation.current()
        counts, whole_pool = _mode_counts(request.user, now, bank)
    estimate = _estimate_context(form, counts, whole_pool)
    # An unbound form's topics (one query when not kept); a bound form reads its own choices.
    topics = None if form.is_bound else generation.kept("topics", bank, start_page.topic_rows)
    context = {
        "form": form,
        "unfinished": _unfinished.all(request.user.pk),
        "modes": counts,
        "mode_grid": start_page.mode_grid(form, counts, initial_mode=form.initial.get("mode", "")),
        # Called by the template only when it renders the form anew (start_key).
        "topic_chips": lambda: start_page.topic_chips(form, topics),
        "start_key": start_page.start_key(form, topics=topics),
        "token_input": start_page.token_input(form),
        **estimate,
    }
    if form.errors and status == 200:
        status = 422
    return render(request, "interview/start.html", context, status=status)


def _estimate_context(form: StartForm, counts: dict[str, int], whole_pool) -> dict:
    """The expected length beside Start, and the number asked for when fewer will come."""
    return {
        "estimate": form.expected_length(counts, whole_pool),
        "asked": form.requested_count(),
        "max_count": MAX_QUESTION_COUNT,
    }


def _initial_mode(request, counts: dict[str, int]) -> str:
    """The mode named in the link (?mode=due), else the first preferred mode that has
    questions right now (reviews that are due), else the random mix."""
    named = request.GET.get("mode", "")
    if selection.get_mode(named):
        return named
    for mode in selection.modes():
        if mode.preferred and counts.get(mode.key):
            return mode.key
    return selection.MIX


def _mode_counts(user, now, bank: int) -> tuple[dict[str, int], estimates.PoolSize]:
    """How many questions each mode could offer right now, over every topic, and the size
    of that pool (the estimate's, when no topic is ticked; kept while the bank stays at
    generation `bank`): two queries, one when the size is kept."""
    whole_pool = generation.kept("whole pool", bank, lambda: estimates.pool_size([]))
    return selection.mode_counts(user, now, active=whole_pool.questions), whole_pool


@login_required
@require_POST
def retry(request, pk):
    """Start a new interview with the questions rated 1–2 in this one."""
    interview = user_interview(request, pk)
    review_url = reverse("interview:review", args=[pk])
    form = OnceForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, review_url)
    try:
        new_interview = services.interview_retry(
            interview=interview, now=clock.now(), token=form.cleaned_data["token"]
        )
    except services.InterviewError as error:
        return error_response(request, error, review_url)
    return redirect(new_interview.get_absolute_url())


@login_required
@require_POST
def practise(request):
    """Start an interview with the questions a page names (the next one suggested on a
    summary, the progress page's most missed); its summary leads back to `next`."""
    form = PractiseForm(request.POST)
    valid = form.is_valid()
    next_url = form.cleaned_data.get("next", "")
    if not valid:
        messages.error(request, first_error(form))
        return redirect(next_url or reverse("interview:start"))
    questions = form.cleaned_data["questions"]
    try:
        interview = services.interview_start(
            user=request.user,
            tags=[],
            question_count=len(questions),
            minutes_per_question=None,
            prefer_unseen=False,
            now=clock.now(),
            questions=questions,
            mode=SINGLE if len(questions) == 1 else CHOSEN,
            token=form.cleaned_data["token"],
        )
    except services.InterviewError as error:
        messages.error(request, error.message)
        return redirect(next_url or reverse("interview:start"))
    remember_return(request, interview, form.cleaned_data["next"])
    return redirect(interview.get_absolute_url())

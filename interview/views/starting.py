"""Starting an interview: the start page (with its estimate beside Start) and a retry of
the questions rated low."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core import clock
from core.choices import choice_rows
from core.htmx import login_required
from core.prepared import Prepared
from interview import estimates, selection, services
from interview.forms import OnceForm, StartForm, first_error
from interview.limits import MAX_QUESTION_COUNT
from interview.models import Interview
from interview.practise_forms import PractiseForm
from interview.returns import remember_return
from interview.services.interviews import CHOSEN, SINGLE
from interview.views.responses import error_response, invalid_form, user_interview

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
        counts, whole_pool = _mode_counts(request.user, now)
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
        counts, whole_pool = _mode_counts(request.user, now)
    context = {
        "form": form,
        "unfinished": _unfinished.all(request.user.pk),
        "modes": counts,
        "mode_rows": _mode_rows(form, counts),
        "topic_chips": _topic_chips(form),
        **_estimate_context(form, counts, whole_pool),
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


def _mode_rows(form: StartForm, counts: dict[str, int]) -> list[tuple]:
    """Each mode's radio button with the mode itself and how many questions it offers now
    (in words), for the start page's hand-written markup (a widget template per choice, or
    a {% blocktranslate %} per row, cost more)."""
    return [
        (row, selection.get_mode(row.value), _questions(counts[row.value]))
        for row in choice_rows(form["mode"])
    ]


# A topic's chip on the start page: its checkbox, its name, and its number of active
# questions, in words for screen readers and as a figure for the eye. Written here rather
# than in the template: 13 topics' chips cost a tenth of the page's rendering in the loop.
TOPIC_CHIP = (
    '<label class="topic-chip">{} <span>{}</span><span class="visually-hidden">({})</span> '
    '<span class="topic-count" aria-hidden="true">{}</span></label>'
)


def _topic_chips(form: StartForm) -> list[SafeString]:
    """Each topic's chip (TOPIC_CHIP), in the form's order."""
    # The form's own choices, read as the form reads them (by slug: with_active_counts).
    chips = []
    for row in choice_rows(form["topics"]):
        count = row.instance.active_count
        chips.append(format_html(TOPIC_CHIP, row.tag, row.label, _questions(count), count))
    return chips


def _questions(count: int) -> SafeString:
    """The words for a number of questions ("3 questions"), as the template's
    {% blocktranslate count %} said them: the catalogue's own, which hold no markup."""
    return mark_safe(
        ngettext("%(counter)s question", "%(counter)s questions", count) % {"counter": count}
    )


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


def _mode_counts(user, now) -> tuple[dict[str, int], estimates.PoolSize]:
    """How many questions each mode could offer right now, over every topic, and the size
    of that pool (the estimate's, when no topic is ticked): two queries."""
    whole_pool = estimates.pool_size([])
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

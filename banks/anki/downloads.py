"""Anki decks to download: the whole bank or one topic for anyone, and a signed-in user's
own due, weakest or starred questions.

The personal decks come from the interview start form's modes (interview.selection), which
practice registers: this app never imports practice, and a mode that is not registered
(practice not installed) simply is not offered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from banks.anki.forms import TopicForm
from banks.anki.limits import MAX_EXPORT_QUESTIONS
from banks.anki_export import build_package
from core import clock
from interview import selection
from questions.models import Question, Tag

# The start form's modes a signed-in user may download as a deck, in this order.
PERSONAL_MODES = ("due", "weakest", "starred")
DECK_NAME = "Mock interview"


def personal_modes() -> list[selection.Mode]:
    return [mode for key in PERSONAL_MODES if (mode := selection.get_mode(key))]


@require_safe
def anki_downloads(request):
    """Where the decks are: the bank, each topic, and (signed in) one's own questions."""
    context = {
        "question_count": Question.objects.active().count(),
        "tags": [tag for tag in Tag.objects.with_active_counts() if tag.active_count],
        "modes": personal_modes() if request.user.is_authenticated else [],
    }
    return render(request, "banks/anki_downloads.html", context)


def _package_response(questions, *, deck_name: str, file_name: str) -> HttpResponse:
    data = build_package(questions, deck_name=deck_name, language=get_language() or "en")
    response = HttpResponse(data, content_type="application/apkg")
    response["Content-Disposition"] = f'attachment; filename="{file_name}.apkg"'
    return response


@require_safe
def anki_bank(request):
    """The whole bank as an Anki deck, or one topic (`?topic=<slug>`)."""
    form = TopicForm(request.GET)
    if not form.is_valid():
        raise Http404("No such topic.")
    questions = Question.objects.active().order_by("number", "slug")
    deck_name, file_name = DECK_NAME, "mock-interview"
    if topic := form.cleaned_data["topic"]:
        questions = questions.tagged(topic.slug)
        deck_name = f"{DECK_NAME}::{topic.name}"
        file_name = f"mock-interview-{topic.slug}"
    return _package_response(
        questions[:MAX_EXPORT_QUESTIONS], deck_name=deck_name, file_name=file_name
    )


@login_required
@require_safe
def anki_mine(request, mode):
    """The signed-in user's due, weakest or starred questions as an Anki deck."""
    chosen = selection.get_mode(mode) if mode in PERSONAL_MODES else None
    if chosen is None:
        raise Http404("No such deck.")
    choice = selection.Choice(
        user=request.user, tags=[], count=MAX_EXPORT_QUESTIONS, now=clock.now()
    )
    ids = chosen.pick(choice, selection.pool([]))
    if not ids:
        messages.info(request, chosen.empty_message or _("There are no such questions yet."))
        return redirect("banks:anki_downloads")
    order = {pk: position for position, pk in enumerate(ids)}
    questions = sorted(
        Question.objects.filter(pk__in=ids).prefetch_related("tags"),
        key=lambda question: order[question.pk],
    )
    label = str(chosen.label)
    return _package_response(
        questions,
        deck_name=f"{DECK_NAME}::{label}",
        file_name=f"mock-interview-{slugify(mode)}",
    )

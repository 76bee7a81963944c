"""What a basket becomes: a timed interview with its questions, or a paper to download or
print (Markdown, a printable page, an Anki deck), with or without the model answers."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from banks import anki_export
from banks.forms import PaperForm, StartForm
from banks.papers import paper_filename, paper_markdown
from banks.services import basket as services
from banks.views import user_basket
from core import clock
from core.htmx import login_required
from interview import services as interviews
from interview.forms import first_error


def _title(basket) -> str:
    return basket.name or _("Question paper")


def _with_answers(request) -> bool:
    form = PaperForm(request.GET)
    return form.is_valid() and form.cleaned_data["answers"]


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_POST
def start(request, pk):
    """Start a timed interview with exactly the basket's questions, in its order."""
    basket = user_basket(request, pk)
    back = reverse("banks:basket")
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return HttpResponseRedirect(back)
    try:
        interview = services.basket_start(
            basket=basket,
            now=clock.now(),
            minutes_per_question=form.cleaned_data["minutes"],
            token=form.cleaned_data["token"],
        )
    except (services.BasketError, interviews.InterviewError) as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    return redirect(interview.get_absolute_url())


@login_required
@require_safe
def paper(request, pk):
    """The basket as a page to print (A4): each question on a page of its own."""
    basket = user_basket(request, pk)
    answers = _with_answers(request)
    context = {
        "basket": basket,
        "title": _title(basket),
        "questions": services.basket_questions(basket),
        "answers": answers,
        "now": clock.now(),
    }
    return render(request, "banks/paper.html", context)


@login_required
@require_safe
def markdown(request, pk):
    """The basket as a seed-style Markdown file."""
    basket = user_basket(request, pk)
    answers = _with_answers(request)
    text = paper_markdown(services.basket_questions(basket), answers=answers)
    return _download(
        text.encode("utf-8"),
        filename=paper_filename(_title(basket), "md"),
        content_type="text/markdown; charset=utf-8",
    )


@login_required
@require_safe
def anki(request, pk):
    """The basket as an Anki deck (.apkg), built by banks.anki_export."""
    basket = user_basket(request, pk)
    questions = services.basket_questions(basket)
    if not questions:
        raise Http404("The basket has no questions.")
    title = _title(basket)
    package = anki_export.build_package(questions, deck_name=title, language=get_language() or "")
    return _download(
        package,
        filename=paper_filename(title, "apkg"),
        content_type="application/octet-stream",
    )

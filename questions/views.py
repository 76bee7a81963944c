"""Public pages of the question bank, and the landing page that shows what it holds."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core import clock
from core.htmx import wants_fragment
from questions import generation
from questions.extensions import list_extensions, list_links, question_slots
from questions.forms import QuestionFilterForm
from questions.listing_kept import KeptListing, bank_reads
from questions.models import Question, Tag, related_for_display
from questions.pages import MAX_PREPARED_TERMS, PreparedListing, SearchListing
from questions.rows import listing_for, reversed_url

PAGE_SIZE = 20


@require_safe
def landing(request):
    """Landing page: what the site is for and where to begin (the home page for visitors,
    registered in `questions.apps`)."""
    # The same for every visitor: kept per process under the bank's generation (one query).
    question_count, tags = generation.kept("landing", generation.current(), _landing_reads)
    return render(request, "home.html", {"question_count": question_count, "tags": tags})


def _landing_reads() -> tuple[int, list[Tag]]:
    """How many questions are active, and every topic (the page reads only their slugs and
    names; a topic's name is chosen per request by the active language)."""
    return Question.objects.active().count(), list(Tag.objects.all())


@require_safe
@vary_on_headers("HX-Request")
def question_list(request):
    """List active questions with topic, difficulty and text filters, paginated."""
    now = clock.now()
    # What the list reads of the whole bank (the topics, a count, a page's rows with their
    # topics and related questions) is kept per process while the bank's generation stays
    # the same (questions.listing_kept); the reader's cards and basket are read each time.
    bank = bank_reads(generation.current())
    extensions = list_extensions(request.user)
    form = QuestionFilterForm(
        request.GET or None,
        extensions=extensions,
        user=request.user,
        now=now,
        topics=bank.topics(),
    )
    if form.is_bound:
        form.is_valid()  # invalid fields are shown as errors and simply not applied
    if (chosen := form.simple_filters()) is not None:
        key = (chosen["topic"], chosen["difficulty"])
        questions = KeptListing(bank, bank.listed, key, lambda: PreparedListing(**chosen))
    elif (searched := form.search_filters(MAX_PREPARED_TERMS)) is not None:
        key = (tuple(searched["terms"]), searched["topic"], searched["difficulty"])
        questions = KeptListing(bank, bank.searched, key, lambda: SearchListing(**searched))
    else:
        # Narrowed by the reader's own data (an add-on's filter), or by many words: read.
        questions = form.filter(Question.objects.active().for_listing())
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read once: extensions, rows, template
    if isinstance(questions, KeptListing):
        listing = questions.listing
    else:
        listing = listing_for([question.id for question in page.object_list])
    for extension in extensions:
        extension.annotate(page.object_list, user=request.user, now=now)
    slots, slot_context = question_slots(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "row_extensions": [extension for extension in extensions if extension.row_pieces],
        "empty_messages": _empty_messages(form, extensions, page, user=request.user, now=now),
        "query": query.urlencode(),
        "bank_url": reversed_url("questions:list"),
        "list_links": list_links(),
        "question_slots": slots,
        # What the page's pieces show, as the keys they are kept under ({% once %}).
        "personal": "status" in form.fields,
        "slot_values": (tuple(slot.name for slot in slots), *sorted(slot_context.items())),
        **slot_context,
    }
    template = "questions/question_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


def _empty_messages(form, extensions, page, *, user, now) -> list[str]:
    """What the extensions whose filter is chosen say about an empty list."""
    if page.object_list or not form.is_bound:
        return []
    chosen = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    messages = []
    for extension in extensions:
        value = chosen.get(extension.name)
        if not value or extension.empty_message is None:
            continue
        if message := extension.empty_message(value, user=user, now=now):
            messages.append(message)
    return messages


@require_safe
def question_detail(request, slug):
    """One question; its model answer stays folded until the reader asks for it."""
    questions = Question.objects.prefetch_related("tags", related_for_display())
    if not request.user.is_staff:
        questions = questions.active()
    question = get_object_or_404(questions, slug=slug)
    slots, slot_context = question_slots(request.user, [question] if question.is_active else [])
    context = {
        "question": question,
        "bank_url": reverse("questions:list"),
        "question_slots": slots,
        **slot_context,
    }
    return render(request, "questions/question_detail.html", context)

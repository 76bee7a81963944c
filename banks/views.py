"""The basket's pages and buttons: add and remove from any page, order, clear, and keep
named copies. Every button is a real form; htmx swaps its part of the page in place."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from banks import slots
from banks.forms import MoveForm, NameForm, QuestionForm, RemoveForm, StartForm
from banks.limits import BASKET_MAX_QUESTIONS, BASKET_NAME_MAX_CHARS, MAX_SAVED_BASKETS
from banks.models import Basket, BasketItem
from banks.services import basket as services
from core import clock
from core.htmx import login_required
from interview.forms import first_error


def user_basket(request, pk) -> Basket:
    """The signed-in user's basket (404 for anyone else's)."""
    return get_object_or_404(Basket, pk=pk, user=request.user)


def _basket_url() -> str:
    return reverse("banks:basket")


def basket_context(user) -> dict:
    """What the basket page shows: the working basket's questions in order and the saved
    baskets; a fixed number of queries."""
    working = Basket.objects.for_user(user).filter(name="").first()
    items = []
    if working is not None:
        items = list(
            BasketItem.objects.filter(basket=working)
            .select_related("question")
            .prefetch_related("question__tags")
            .order_by("position", "pk")
        )
    saved = list(
        Basket.objects.for_user(user).saved().annotate(size=Count("items")).order_by("name")
    )
    return {
        "basket": working,
        "items": items,
        "active_count": sum(item.question.is_active for item in items),
        "saved": saved,
        "max_questions": BASKET_MAX_QUESTIONS,
        "max_saved": MAX_SAVED_BASKETS,
        "name_max": BASKET_NAME_MAX_CHARS,
        "start_form": StartForm(),
        "name_form": NameForm(),
    }


@login_required
@require_safe
@vary_on_headers("HX-Request")
def basket(request):
    """The working basket: its questions in order, what to do with them, saved baskets."""
    return render(request, "banks/basket.html", basket_context(request.user))


def _items_response(request, *, moved=None, direction=""):
    """The basket's list redrawn (htmx), or back to the basket page (a plain POST)."""
    if request.htmx:
        context = basket_context(request.user) | {"moved": moved, "direction": direction}
        return render(request, "banks/basket.html#items", context)
    return HttpResponseRedirect(_basket_url())


def _refused(request, message: str, fallback: str, *, template="", context=None):
    if request.htmx and template:
        return render(request, template, (context or {}) | {"error": message}, status=422)
    messages.error(request, message)
    return HttpResponseRedirect(fallback)


def _toggle(request, form_class, change):
    """Add or remove one question from a page's button: the button redrawn with the
    badge (htmx), or back to `next` (a plain POST)."""
    form = form_class(request.POST)
    valid = form.is_valid()
    next_url = form.cleaned_data.get("next", "") or _basket_url()
    if not valid:
        return _refused(request, first_error(form), next_url)
    question = form.cleaned_data["question"]
    try:
        change(user=request.user, question=question, now=clock.now())
    except services.BasketError as error:
        question.in_basket = False
        context = {"question": question, "next": next_url, "oob": True}
        context |= slots.badge_context(slots.working_ids(request.user))
        return _refused(
            request, error.message, next_url, template="banks/_toggle.html", context=context
        )
    if request.htmx:
        ids = slots.working_ids(request.user)
        question.in_basket = question.pk in ids
        context = {"question": question, "next": next_url, "oob": True}
        return render(request, "banks/_toggle.html", context | slots.badge_context(ids))
    return HttpResponseRedirect(next_url)


@login_required
@require_POST
def add(request):
    """Put a question in the working basket."""
    return _toggle(request, QuestionForm, services.basket_add)


@login_required
@require_POST
def remove(request):
    """Take a question out of the working basket (a page's button)."""
    return _toggle(request, RemoveForm, services.basket_remove)


@login_required
@require_POST
def item_remove(request):
    """Take a question out of the working basket (the basket page's list)."""
    form = RemoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, first_error(form), _basket_url())
    services.basket_remove(
        user=request.user, question=form.cleaned_data["question"], now=clock.now()
    )
    return _items_response(request)


@login_required
@require_POST
def item_move(request):
    """Move a question one place up or down."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, first_error(form), _basket_url())
    question = form.cleaned_data["question"]
    try:
        services.basket_move(
            user=request.user, question=question, offset=form.offset, now=clock.now()
        )
    except services.BasketError as error:
        return _refused(request, error.message, _basket_url())
    return _items_response(request, moved=question.pk, direction=form.cleaned_data["direction"])


@login_required
@require_POST
def clear(request):
    """Empty the working basket."""
    services.basket_clear(user=request.user, now=clock.now())
    if not request.htmx:
        messages.info(request, _("Your basket is empty."))
    return _items_response(request)


@login_required
@require_POST
def save(request):
    """Keep a copy of the working basket under a name."""
    form = NameForm(request.POST)
    if not form.is_valid():
        return _refused(request, first_error(form), _basket_url())
    name = form.cleaned_data["name"]
    try:
        services.basket_save(user=request.user, name=name, now=clock.now())
    except services.BasketError as error:
        return _refused(request, error.message, _basket_url())
    messages.success(request, _("Saved as “%(name)s”.") % {"name": name})
    return HttpResponseRedirect(_basket_url())


@login_required
@require_POST
def saved_open(request, pk):
    """Put a saved basket's questions in the working basket, replacing what it held."""
    saved = user_basket(request, pk)
    services.basket_open(basket=saved, now=clock.now())
    messages.success(request, _("Opened “%(name)s”.") % {"name": saved.name})
    return HttpResponseRedirect(_basket_url())


@login_required
@require_POST
def saved_rename(request, pk):
    """Rename a saved basket."""
    saved = user_basket(request, pk)
    form = NameForm(request.POST)
    if not form.is_valid():
        return _refused(request, first_error(form), _basket_url())
    try:
        services.basket_rename(basket=saved, name=form.cleaned_data["name"], now=clock.now())
    except services.BasketError as error:
        return _refused(request, error.message, _basket_url())
    messages.success(request, _("Renamed."))
    return HttpResponseRedirect(_basket_url())


@login_required
@require_POST
def saved_delete(request, pk):
    """Delete a saved basket."""
    saved = user_basket(request, pk)
    try:
        services.basket_delete(basket=saved)
    except services.BasketError as error:
        return _refused(request, error.message, _basket_url())
    messages.info(request, _("Deleted “%(name)s”.") % {"name": saved.name})
    return HttpResponseRedirect(_basket_url())

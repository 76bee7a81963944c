"""State changes of question baskets: add, remove, reorder, clear, save, open, rename,
delete, and start an interview with a basket's questions.

Every change to one user's baskets locks the working basket's row first, so two tabs
adding at once cannot pass the limits together.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from banks.limits import BASKET_MAX_QUESTIONS, MAX_SAVED_BASKETS
from banks.models import Basket, BasketItem
from interview import services as interviews
from interview.services.interviews import CHOSEN
from questions.models import Question


class BasketError(Exception):
    """A basket change that cannot be made; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def working_basket(user, *, now: datetime, lock: bool = False) -> Basket:
    """The user's working basket, created on first use (optionally locked for a change)."""
    basket, _created = Basket.objects.get_or_create(
        user=user, name="", defaults={"created_at": now, "updated_at": now}
    )
    if lock:
        basket = Basket.objects.select_for_update().get(pk=basket.pk)
    return basket


def _touch(basket: Basket, now: datetime) -> None:
    basket.updated_at = now
    basket.save(update_fields=["updated_at"])


def _renumber(basket: Basket) -> None:
    """Positions 1..n in the current order, so moves only ever swap neighbours."""
    items = list(basket.items.order_by("position", "pk"))
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    BasketItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def basket_add(*, user, question: Question, now: datetime) -> Basket:
    """Put `question` at the end of the working basket (already there: nothing changes)."""
    basket = working_basket(user, now=now, lock=True)
    items = basket.items.all()
    if items.filter(question=question).exists():
        return basket
    if items.count() >= BASKET_MAX_QUESTIONS:
        raise BasketError(
            _("Your basket holds at most %(max)d questions. Remove one to add another.")
            % {"max": BASKET_MAX_QUESTIONS}
        )
    last = items.aggregate(last=Max("position"))["last"] or 0
    BasketItem.objects.create(basket=basket, question=question, position=last + 1)
    _touch(basket, now)
    return basket


@transaction.atomic
def basket_remove(*, user, question: Question, now: datetime) -> Basket:
    """Take `question` out of the working basket (not there: nothing changes)."""
    basket = working_basket(user, now=now, lock=True)
    if basket.items.filter(question=question).delete()[0]:
        _renumber(basket)
        _touch(basket, now)
    return basket


@transaction.atomic
def basket_move(*, user, question: Question, offset: int, now: datetime) -> Basket:
    """Move `question` one place up (`offset=-1`) or down (`offset=1`) in the working basket;
    at either end it stays where it is."""
    basket = working_basket(user, now=now, lock=True)
    items = list(basket.items.order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.question_id == question.pk), None)
    if index is None:
        raise BasketError(_("That question is not in your basket."))
    other = index + offset
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items, start=1):
            item.position = position
        BasketItem.objects.bulk_update(items, ["position"])
        _touch(basket, now)
    return basket


@transaction.atomic
def basket_clear(*, user, now: datetime) -> Basket:
    """Empty the working basket (saved baskets keep their questions)."""
    basket = working_basket(user, now=now, lock=True)
    basket.items.all().delete()
    _touch(basket, now)
    return basket


def _copy_items(source: Basket, target: Basket) -> None:
    target.items.all().delete()
    BasketItem.objects.bulk_create(
        BasketItem(basket=target, question_id=item.question_id, position=position)
        for position, item in enumerate(source.items.order_by("position", "pk"), start=1)
    )


def _name_taken(name: str) -> BasketError:
    return BasketError(_("You already have a basket named “%(name)s”.") % {"name": name})


@transaction.atomic
def basket_save(*, user, name: str, now: datetime) -> Basket:
    """Keep a copy of the working basket under `name` (a new saved basket)."""
    working = working_basket(user, now=now, lock=True)
    if not working.items.exists():
        raise BasketError(_("Your basket is empty: add questions before saving it."))
    saved = Basket.objects.for_user(user).saved()
    if saved.filter(name=name).exists():
        raise _name_taken(name)
    if saved.count() >= MAX_SAVED_BASKETS:
        raise BasketError(
            _("You can keep at most %(max)d saved baskets. Delete one to save another.")
            % {"max": MAX_SAVED_BASKETS}
        )
    basket = Basket.objects.create(user=user, name=name, created_at=now, updated_at=now)
    _copy_items(working, basket)
    return basket


@transaction.atomic
def basket_open(*, basket: Basket, now: datetime) -> Basket:
    """Replace the working basket's questions with a saved basket's, in its order."""
    if basket.is_working:
        return basket
    working = working_basket(basket.user, now=now, lock=True)
    _copy_items(basket, working)
    _touch(working, now)
    return working


def basket_rename(*, basket: Basket, name: str, now: datetime) -> Basket:
    """Give a saved basket another name (unique among the user's baskets)."""
    if basket.is_working:
        raise BasketError(_("Save your basket with a name first."))
    if Basket.objects.for_user(basket.user).filter(name=name).exclude(pk=basket.pk).exists():
        raise _name_taken(name)
    basket.name = name
    basket.updated_at = now
    try:
        with transaction.atomic():
            basket.save(update_fields=["name", "updated_at"])
    except IntegrityError as error:  # renamed to the same name in another tab meanwhile
        raise _name_taken(name) from error
    return basket


def basket_delete(*, basket: Basket) -> None:
    """Delete a saved basket (the working basket is emptied with basket_clear instead)."""
    if basket.is_working:
        raise BasketError(_("Your working basket cannot be deleted; clear it instead."))
    basket.delete()


def basket_questions(basket: Basket) -> list[Question]:
    """The basket's questions still in the bank, in its order, with their tags; two queries."""
    items = (
        basket.items.filter(question__is_active=True)
        .select_related("question")
        .prefetch_related("question__tags")
        .order_by("position", "pk")
    )
    return [item.question for item in items]


def basket_start(
    *, basket: Basket, now: datetime, minutes_per_question: int | None, token: str = ""
):
    """Start a timed interview with exactly the basket's questions, in its order (the
    interview app's limit on starts applies: its InterviewError passes through)."""
    questions = basket_questions(basket)
    if not questions:
        raise BasketError(_("Your basket has no questions that are still in the bank."))
    return interviews.interview_start(
        user=basket.user,
        tags=[],
        question_count=len(questions),
        minutes_per_question=minutes_per_question,
        prefer_unseen=False,
        now=now,
        questions=questions,
        mode=CHOSEN,
        token=token,
    )

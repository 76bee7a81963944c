"""The basket's "Add" buttons on pages of other apps: what they need to know, in one query.

Registered in banks.apps: a row button on the bank list, a button on a question's page and
on the attempts page, and the basket's badge beside them.
"""

from banks.limits import BASKET_MAX_QUESTIONS
from banks.models import BasketItem
from core.prepared import Prepared

# The questions of a user's working basket, in order, compiled once.
_WORKING = Prepared(
    BasketItem,
    lambda user_id: (
        BasketItem.objects.filter(basket__user=user_id, basket__name="")
        .order_by("position", "pk")
        .values_list("question_id", flat=True)
    ),
)


def working_ids(user) -> list[int]:
    """The questions in the user's working basket, in order; one query (the basket holds at
    most BASKET_MAX_QUESTIONS)."""
    return _WORKING.all(user.pk)


def badge_context(ids: list[int]) -> dict:
    return {"basket_count": len(ids), "basket_full": len(ids) >= BASKET_MAX_QUESTIONS}


def annotate_questions(questions, *, user) -> dict:
    """Give each question `in_basket`; the badge's count for the page."""
    ids = working_ids(user)
    chosen = set(ids)
    for question in questions:
        question.in_basket = question.id in chosen  # id: an attribute; pk, a property
    return badge_context(ids)


def attempts_context(*, question, user) -> dict:
    """The attempts page's button and badge."""
    return annotate_questions([question], user=user)

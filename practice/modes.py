"""The start form's modes that come from the schedule: due, new, weakest, starred."""

from datetime import UTC, datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.prepared_sql import PreparedRows
from interview import selection
from practice import scheduling
from practice.models import KNOWN, SCHEDULED, Card


def _cards(user, questions):
    return Card.objects.for_user(user).filter(question__in=questions.values("pk"))


def _new_questions(user, questions):
    """Questions of the pool never shown to the user (nor scheduled with a related one)."""
    seen = Card.objects.filter(user=user, question=OuterRef("pk")).known()
    return questions.exclude(Exists(seen))


def _pick_new(choice, questions) -> list[int]:
    ids = list(_new_questions(choice.user, questions).values_list("pk", flat=True))
    return selection.shuffled(ids, choice.rng)[: choice.count]


def _pick_due(choice, questions) -> list[int]:
    """Most overdue first; topped up with new questions if asked and too few are due."""
    due = list(
        _cards(choice.user, questions)
        .due(choice.now)
        .order_by("due", "pk")
        .values_list("question_id", flat=True)[: choice.count]
    )
    if choice.top_up and len(due) < choice.count:
        fresh = [pk for pk in _pick_new(choice, questions) if pk not in due]
        due += fresh[: choice.count - len(due)]
    return due


def _pick_weakest(choice, questions) -> list[int]:
    """Lowest predicted recall first, among questions rated at least once."""
    cards = list(_cards(choice.user, questions).scheduled().with_retention())
    cards.sort(
        key=lambda card: (
            scheduling.retrievability(card.desired_retention, card, choice.now),
            card.pk,
        )
    )
    return [card.question_id for card in cards[: choice.count]]


def _pick_starred(choice, questions) -> list[int]:
    ids = list(
        _cards(choice.user, questions).filter(starred=True).values_list("question_id", flat=True)
    )
    return selection.shuffled(ids, choice.rng)[: choice.count]


# The four counts of _counts, as one row per user (none for a user without cards), compiled
# once per process (core.prepared_sql): building the aggregate cost ten times running it.
_card_counts = PreparedRows(
    lambda user_id, now: (
        Card.objects.filter(user=user_id, question__is_active=True)
        .order_by()
        .values("user")
        .annotate(
            due_count=Count("pk", filter=SCHEDULED & Q(due__lte=now)),
            rated_count=Count("pk", filter=SCHEDULED),
            starred_count=Count("pk", filter=Q(starred=True)),
            known_count=Count("pk", filter=KNOWN),
        )
        .values_list("due_count", "rated_count", "starred_count", "known_count")
    ),
    samples=(
        (32_767, datetime(2001, 2, 3, 4, 5, 6, 7, UTC)),
        (30_001, datetime(2002, 3, 4, 5, 6, 7, 8, UTC)),
    ),
)


def _counts(user, now, active: int) -> dict[str, int]:
    """What the four modes offer over every topic, in one query over the user's cards (one
    per question): due, rated, starred, and the active questions less those known."""
    rows = _card_counts.rows(user.pk, now)
    due, rated, starred, known = rows[0] if rows else (0, 0, 0, 0)
    return {"due": due, "new": active - known, "weakest": rated, "starred": starred}


def register_modes() -> None:
    selection.register_counter(_counts)
    selection.register(
        selection.Mode(
            key="due",
            label=_("Due for review"),
            description=_("Questions whose review date has come, most overdue first."),
            order=10,
            pick=_pick_due,
            available=lambda user, questions, now: _cards(user, questions).due(now).count(),
            empty_message=_("Nothing is due for review right now."),
            top_up_mode="new",
            # Reviews that are due come before anything else.
            preferred=True,
        )
    )
    selection.register(
        selection.Mode(
            key="new",
            label=_("New questions"),
            description=_("Questions you have never been shown."),
            order=20,
            pick=_pick_new,
            available=lambda user, questions, now: _new_questions(user, questions).count(),
            empty_message=_("You have seen every question on these topics."),
        )
    )
    selection.register(
        selection.Mode(
            key="weakest",
            label=_("Weakest"),
            description=_("The questions you are least likely to recall now."),
            order=30,
            pick=_pick_weakest,
            available=lambda user, questions, now: _cards(user, questions).scheduled().count(),
            empty_message=_("Rate a few answers first: weakest needs ratings to compare."),
        )
    )
    selection.register(
        selection.Mode(
            key="starred",
            label=_("Starred"),
            description=_("The questions you starred."),
            order=50,
            pick=_pick_starred,
            available=lambda user, questions, now: (
                _cards(user, questions).filter(starred=True).count()
            ),
            empty_message=_("You have not starred any questions on these topics."),
        )
    )

"""How practice listens to the interview app (connected in PracticeConfig.ready)."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from accounts.signals import retention_changed
from interview import signals
from practice import scheduling
from practice.models import Card


@receiver(signals.answer_shown, dispatch_uid="practice.answer_shown")
def remember_first_sight(sender, *, answer, now, **kwargs):
    """A question shown once is no longer new, whatever happens to the answer."""
    user_id = answer.interview.user_id
    cards = Card.objects.filter(user_id=user_id, question_id=answer.question_id)
    if cards.update(first_seen_at=Coalesce(F("first_seen_at"), now)):
        return
    # No card yet: make one, in one statement and without a savepoint. A card another
    # request made in the meantime (a rating in a second tab) is kept, and marked seen.
    Card.objects.bulk_create(
        [Card(user_id=user_id, question_id=answer.question_id, first_seen_at=now)],
        ignore_conflicts=True,
    )
    cards.filter(first_seen_at__isnull=True).update(first_seen_at=now)


@receiver(signals.answer_rated, dispatch_uid="practice.answer_rated")
def schedule_rating(sender, *, answer, now, **kwargs):
    scheduling.rating_recorded(answer=answer, now=now)


@receiver(retention_changed, dispatch_uid="practice.retention_changed")
def reschedule_for_retention(sender, *, user, **kwargs):
    """A new desired retention changes every interval: replay the user's cards with it."""
    return scheduling.reschedule_all(user)

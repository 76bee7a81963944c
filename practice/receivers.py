"""How practice listens to the interview app (connected in PracticeConfig.ready)."""

from django.dispatch import receiver

from interview import signals
from practice import services


@receiver(signals.answer_shown, dispatch_uid="practice.answer_shown")
def remember_first_sight(sender, *, answer, now, **kwargs):
    """A question shown once is no longer new, whatever happens to the answer."""
    services.card_mark_seen(
        user_id=answer.interview.user_id, question_id=answer.question_id, now=now
    )


@receiver(signals.answer_rated, dispatch_uid="practice.answer_rated")
def schedule_rating(sender, *, answer, now, **kwargs):
    """Every rating, first or changed, reaches the schedule. The card, as just saved, stays
    on the answer: the rating buttons drawn next read it instead of the database."""
    answer.scheduled_card = services.rating_schedule(answer=answer, now=now)

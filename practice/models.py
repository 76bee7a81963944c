"""Spaced repetition: each user's schedule for each question, the log it is built from, and
each user's own settings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from interview.models import Answer
from questions.models import Question

# Desired retention: the chance of still recalling an answer when it comes due again.
RETENTION_MIN = 0.80
RETENTION_MAX = 0.97
RETENTION_DEFAULT = 0.90


# Cards the user has rated at least once, so they have a due date.
SCHEDULED = Q(due__isnull=False)
# Cards of questions no longer new to the user: shown, or scheduled (a question related to
# it was rated, and they share a schedule).
KNOWN = Q(first_seen_at__isnull=False) | SCHEDULED


class CardQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def scheduled(self):
        return self.filter(SCHEDULED)

    def known(self):
        return self.filter(KNOWN)

    def due(self, now):
        return self.scheduled().filter(due__lte=now)

    def with_retention(self):
        """Give each card its user's `desired_retention`, in the same query (the scheduler
        needs it with every card it reads)."""
        return self.annotate(desired_retention=retention_of(OuterRef("user")))


class Card(models.Model):
    """What one user has with one question: its FSRS schedule, and whether it is starred.

    The schedule is a cache of replaying the user's reviews of the question (`Review`),
    rebuilt whenever a rating changes; the log is the truth.
    """

    class State(models.IntegerChoices):
        # The values are py-fsrs's own (fsrs.State).
        LEARNING = 1, _("Learning")
        REVIEW = 2, _("Review")
        RELEARNING = 3, _("Relearning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cards")
    starred = models.BooleanField(_("starred"), default=False)
    first_seen_at = models.DateTimeField(_("first shown"), null=True, blank=True)
    state = models.PositiveSmallIntegerField(
        _("state"), choices=State.choices, default=State.LEARNING
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    # Null until the first rating: a seen or starred question is not scheduled yet.
    due = models.DateTimeField(_("due"), null=True, blank=True)
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    last_rating = models.PositiveSmallIntegerField(
        _("last rating"), choices=Answer.Rating.choices, null=True, blank=True
    )
    reviews = models.PositiveIntegerField(_("number of reviews"), default=0)

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="card_one_per_question"),
        ]
        indexes = [
            # "Due for this user": one range scan, most overdue first.
            models.Index(fields=["user", "due"], name="card_user_due"),
            models.Index(
                fields=["user", "question"], condition=Q(starred=True), name="card_user_starred"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.question.slug}"


class Review(models.Model):
    """One self-rating, as the scheduler saw it: the log a card is rebuilt from."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reviews")
    # One review per answer: changing the answer's rating changes this row, never adds one.
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="review")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Answer.Rating.choices)
    reviewed_at = models.DateTimeField(_("reviewed at"))
    duration_ms = models.PositiveIntegerField(_("time spent (ms)"), null=True, blank=True)
    # The card as it was just before this review (py-fsrs's Card.to_dict()), so the rating
    # buttons can say what each rating gives without replaying the whole log.
    card_before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["reviewed_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(fields=["user", "question", "reviewed_at"], name="review_replay"),
            models.Index(fields=["user", "reviewed_at"], name="review_user_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=4), name="review_rating_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.question_id} · {self.rating}"


class LearnerSettingsQuerySet(models.QuerySet):
    def retention_of(self, user) -> float:
        """The user's desired retention: theirs if they set one, else the default."""
        value = self.filter(user=user).values_list("desired_retention", flat=True).first()
        return RETENTION_DEFAULT if value is None else value


class LearnerSettings(models.Model):
    """One user's settings for practice; a user without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="learner_settings",
    )
    desired_retention = models.FloatField(
        _("desired retention"),
        default=RETENTION_DEFAULT,
        validators=[MinValueValidator(RETENTION_MIN), MaxValueValidator(RETENTION_MAX)],
        help_text=_(
            "How likely you want to be to still remember an answer when it comes back for "
            "review: higher means shorter gaps and more reviews."
        ),
    )

    objects = LearnerSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner settings")
        verbose_name_plural = _("learner settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_retention__gte=RETENTION_MIN)
                & Q(desired_retention__lte=RETENTION_MAX),
                name="learner_settings_desired_retention_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.desired_retention}"


def retention_of(user) -> Coalesce:
    """The desired retention of `user` (a user, an id or an OuterRef) as an SQL expression."""
    chosen = LearnerSettings.objects.filter(user=user).values("desired_retention")[:1]
    return Coalesce(Subquery(chosen), Value(RETENTION_DEFAULT), output_field=models.FloatField())

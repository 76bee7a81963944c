"""How each answer covered its question's key points, and the points a user misses most."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from interview.models import Answer
from questions.models import Question


class Coverage(models.Model):
    """Which key points an answer made, worked out once when it became done.

    `points` holds, per key point as snapshotted into the answer: its labels, whether it
    is essential, whether it was found and where ([start, end) spans of the answer text).
    """

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="coverage")
    # Denormalised from the answer, so per-user figures need no join through interviews.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coverages"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="coverages")
    points = models.JSONField(default=list)
    found = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    essential_missed = models.PositiveSmallIntegerField(default=0)
    suggested_rating = models.PositiveSmallIntegerField(
        choices=Answer.Rating.choices, null=True, blank=True
    )
    checked_at = models.DateTimeField()
    # The rating (its time) that disagreed strongly with the coverage and was remarked on.
    remark_for_rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("key-point coverage")
        verbose_name_plural = _("key-point coverages")
        indexes = [models.Index(fields=["user", "checked_at"], name="coverage_user_time")]

    def __str__(self):
        return f"{self.answer_id}: {self.found}/{self.total}"

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


class MissedPoint(models.Model):
    """How often one user missed one key point of one question: a running count, so the
    progress page lists the most missed points in one short query however long the history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="missed_points"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    label_zh = models.CharField(max_length=120)
    label_en = models.CharField(max_length=200)
    essential = models.BooleanField(default=False)
    misses = models.PositiveIntegerField(default=0)
    checks = models.PositiveIntegerField(default=0)
    last_missed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question", "label_en"], name="missed_point_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "-misses"], name="missed_point_most")]

    def __str__(self):
        return f"{self.user_id} · {self.label_en}: {self.misses}/{self.checks}"

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


class Grading(models.Model):
    """The optional AI grader's reading of one answer (feedback.grader), made in the
    background after submit. `verdicts` holds, per key point of the snapshot: the verdict
    (covered / partly / missing / wrong) and its quote, or nothing where the grader gave
    none or its quote is not in the answer. The prompt and model are kept with it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="grading")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gradings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    endpoint_host = models.CharField(max_length=255)
    model = models.CharField(max_length=200)
    prompt_version = models.CharField(max_length=40)
    prompt = models.TextField()
    verdicts = models.JSONField(default=list)
    dropped = models.PositiveSmallIntegerField(default=0)  # verdicts whose quote was not there
    error = models.CharField(max_length=300, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("AI grading")
        verbose_name_plural = _("AI gradings")
        indexes = [models.Index(fields=["user", "requested_at"], name="grading_user_time")]

    def __str__(self):
        return f"{self.answer_id}: {self.status}"

    @property
    def finished(self) -> bool:
        return self.status != self.Status.PENDING

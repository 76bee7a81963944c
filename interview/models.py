"""Mock interviews: the questions fixed at the start, and what the user did with each."""

from django.conf import settings
from django.db import models
from django.db.models import Avg, Case, Count, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import is_chinese
from questions.markdown import render_markdown
from questions.models import Question


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unfinished(self):
        return self.filter(state=Interview.State.IN_PROGRESS)

    def to_resume(self, *, limit: int):
        """The unfinished interviews the start and home pages list, newest first, with
        their totals: one query."""
        return self.unfinished().with_totals().order_by("-started_at")[:limit]

    def with_totals(self):
        """Add answered count, average rating and total seconds in the same query.

        Correlated subqueries rather than a join with GROUP BY: the database then works
        out totals only for the rows of the page it returns, so a user with thousands of
        interviews gets their history as fast as a newcomer.
        """

        def total(expression, **conditions):
            answers = (
                Answer.objects.filter(interview=OuterRef("pk"), **conditions)
                .order_by()
                .values("interview")
                .annotate(value=expression)
                .values("value")
            )
            return Subquery(answers)

        return self.annotate(
            average_rating=total(Avg("rating")),
            total_seconds=total(Sum("seconds_used")),
            answered_count=Coalesce(total(Count("pk"), status=Answer.Status.SUBMITTED), Value(0)),
        )

    def with_single_title(self):
        """Add `single_title`: the question as shown, for an interview of one question
        practised on its own ("single"), else None; in the same query."""
        title = Answer.objects.filter(interview=OuterRef("pk"), position=1).values(
            "title_snapshot"
        )[:1]
        return self.annotate(
            single_title=Case(When(mode="single", then=Subquery(title)), default=Value(None))
        )


class Interview(models.Model):
    """One timed mock interview, with the settings the user chose when starting it."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")
        ABANDONED = "abandoned", _("Ended early")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    # How the questions were chosen: a mode key from interview.selection ("mix", "due", ...),
    # "retry" or "single". Not a choices field: modes come from the apps that register them.
    mode = models.CharField(_("mode"), max_length=20, default="mix")
    # The settings chosen; topics are a snapshot so renaming a tag never rewrites history.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    question_count = models.PositiveSmallIntegerField(_("number of questions"))
    minutes_per_question = models.PositiveSmallIntegerField(
        _("minutes per question"),
        null=True,
        blank=True,
        help_text=_("Empty: each question's suggested time."),
    )
    prefer_unseen = models.BooleanField(_("prefer questions not seen yet"), default=True)
    # The start form's one-time token: the same form sent twice starts one interview.
    start_token = models.CharField(max_length=40, blank=True, default="", editable=False)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            # A user's unfinished interviews, newest first (the start and home pages, the
            # limit on unfinished ones): found without reading their finished ones.
            models.Index(
                fields=["user", "-started_at"],
                condition=Q(state="in_progress"),
                name="interview_user_unfinished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "start_token"],
                condition=~Q(start_token=""),
                name="interview_started_once_per_token",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("interview:play", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def topic_names(self, language: str) -> list[str]:
        key = "name_zh" if is_chinese(language) else "name_en"
        return [topic.get(key) or topic.get("slug", "") for topic in self.topics]


class AnswerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Answer(models.Model):
    """One question within an interview: its snapshot, the user's text, timing and rating."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not shown yet")
        ACTIVE = "active", _("Answering")
        SUBMITTED = "submitted", _("Submitted")
        SKIPPED = "skipped", _("Skipped")
        NOT_REACHED = "not_reached", _("Not reached")

    class Submission(models.TextChoices):
        MANUAL = "manual", _("Submitted by the user")
        TIMER = "timer", _("Submitted when the time ran out")
        EXPIRED = "expired", _("Saved draft taken when the time ran out")

    class Rating(models.IntegerChoices):
        MISSED = 1, pgettext_lazy("rating", "Missed it")
        PARTLY = 2, pgettext_lazy("rating", "Partly")
        GOOD = 3, pgettext_lazy("rating", "Good")
        NAILED = 4, pgettext_lazy("rating", "Nailed it")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    # The interview's user, copied here so a user's answers (attempts at a question, the
    # progress figures, answers waiting for a rating) are found without a join through
    # every interview. Always equal to interview.user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers", editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # PROTECT: a question in anyone's history cannot be deleted, only deactivated.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    title_snapshot = models.CharField(_("question as shown"), max_length=300)
    answer_snapshot_md = models.TextField(_("model answer as shown"), blank=True)
    supplement_snapshot_md = models.TextField(_("editor's addition as shown"), blank=True)
    # The question's key points as shown (questions.KeyPoint.as_data()), so later edits to
    # them never change how an old answer is checked.
    key_points_snapshot = models.JSONField(_("key points as shown"), default=list, blank=True)
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    draft_text = models.TextField(_("draft"), blank=True)
    # Revision of the saved draft, chosen by the client and only ever rising, so an
    # autosave that arrives late never replaces newer text.
    draft_revision = models.BigIntegerField(default=0)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_text = models.TextField(_("submitted answer"), blank=True)
    # The draft revision the submitted text corresponds to: a later submission from a tab
    # that knew only older text cannot replace it.
    submitted_revision = models.BigIntegerField(default=0)
    submission = models.CharField(
        _("submitted how"), max_length=10, choices=Submission.choices, blank=True
    )
    shown_at = models.DateTimeField(_("shown at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    seconds_used = models.PositiveIntegerField(_("seconds used"), null=True, blank=True)
    over_time_seconds = models.PositiveIntegerField(_("seconds over time"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("self-rating"), choices=Rating.choices, null=True, blank=True
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    note = models.TextField(_("private note"), blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="answer_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="answer_rating_1_to_4",
            ),
        ]
        indexes = [
            models.Index(fields=["question", "interview"]),
            models.Index(fields=["user", "question", "-shown_at"], name="answer_user_attempts"),
            models.Index(fields=["user", "submitted_at"], name="answer_user_submitted"),
        ]

    def __str__(self):
        return f"{self.interview_id} #{self.position}: {self.title_snapshot}"

    def get_absolute_url(self):
        return reverse("interview:question", args=[self.interview_id, self.position])

    @property
    def over_time(self) -> bool:
        return self.over_time_seconds > 0

    @property
    def skipped(self) -> bool:
        return self.status == self.Status.SKIPPED

    @property
    def is_done(self) -> bool:
        """Submitted or skipped: the reveal and rating are available."""
        return self.status in (self.Status.SUBMITTED, self.Status.SKIPPED)

    @property
    def model_answer_html(self):
        return render_markdown(self.answer_snapshot_md)

    @property
    def supplement_html(self):
        return render_markdown(self.supplement_snapshot_md)


class RatingTally(models.Model):
    """A running count and sum of one user's self-ratings, by topic, by week or by value.

    Kept in step by `interview.tallies` whenever a rating is stored or changed, so the
    progress page reads a few short rows instead of aggregating the whole history.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        WEEK = "week", _("week")
        VALUE = "value", _("rating")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_tallies"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The topic's slug, the week's Monday (YYYY-MM-DD, in the site's time zone) or the rating.
    key = models.CharField(max_length=80)
    count = models.IntegerField(default=0)
    total = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="rating_tally_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.key}: {self.count}"

    @property
    def average(self) -> float | None:
        return self.total / self.count if self.count else None

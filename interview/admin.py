"""Interviews in the admin: read-only, for support; and how each question fares in them."""

from django.contrib import admin
from django.db.models import Avg, Count, F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_filters import SafeFiltersMixin
from interview.models import Answer, Interview
from questions.admin import extend_question_admin


class ReadOnlyMixin:
    """Support staff may look, never change: history belongs to the user."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "position",
        "title_snapshot",
        "status",
        "submission",
        "seconds_used",
        "over_time_seconds",
        "rating",
    ]
    readonly_fields = fields


@admin.register(Interview)
class InterviewAdmin(SafeFiltersMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["started_at", "user", "state", "question_count", "minutes_per_question"]
    list_filter = ["state", "started_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    date_hierarchy = "started_at"
    inlines = [AnswerInline]
    readonly_fields = [
        "user",
        "state",
        "topics",
        "question_count",
        "minutes_per_question",
        "prefer_unseen",
        "started_at",
        "finished_at",
    ]


@admin.register(Answer)
class AnswerAdmin(SafeFiltersMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["interview", "position", "title_snapshot", "status", "rating", "over_time"]
    list_filter = ["status", "rating", "submission"]
    search_fields = ["interview__user__email", "title_snapshot"]
    list_select_related = ["interview__user"]
    readonly_fields = [field.name for field in Answer._meta.fields]

    @admin.display(boolean=True, description=_("over time"))
    def over_time(self, answer):
        return answer.over_time


def _per_question(answers, value):
    """A correlated subquery: `value` over the question's `answers`, one row per question."""
    return Subquery(
        answers.filter(question=OuterRef("pk"))
        .order_by()
        .values("question")
        .annotate(value=value)
        .values("value")
    )


def question_statistics() -> dict:
    """Annotations for a question queryset: how often it was answered, the average
    self-rating and how many answers went over time. Subqueries rather than a join and
    GROUP BY, so the database works them out only for the rows of the page shown."""
    submitted = Answer.objects.filter(status=Answer.Status.SUBMITTED)
    attempts = Coalesce(_per_question(submitted, Count("pk")), 0)
    over_time = Coalesce(_per_question(submitted.filter(over_time_seconds__gt=0), Count("pk")), 0)
    return {
        "attempt_count": attempts,
        "average_rating": _per_question(submitted.filter(rating__isnull=False), Avg("rating")),
        "over_time_count": over_time,
        "over_time_share": Cast(F("over_time_count"), FloatField()) / NullIf(F("attempt_count"), 0),
    }


class QuestionStatisticsMixin:
    """How each question fares in interviews, in the question admin's list and page:
    submitted answers, their average self-rating and the share that went over time."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**question_statistics())

    def get_list_display(self, request):
        columns = ["attempts", "average_self_rating", "over_time"]
        return [*super().get_list_display(request), *columns]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "interview_statistics"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("In interviews"), {"fields": ["interview_statistics"]})]

    @admin.display(description=_("attempts"), ordering="attempt_count")
    def attempts(self, question):
        return question.attempt_count

    @admin.display(description=_("avg. rating"), ordering="average_rating")
    def average_self_rating(self, question):
        if question.average_rating is None:
            return "—"
        return number_format(question.average_rating, 1)

    @admin.display(description=_("over time"), ordering="over_time_share")
    def over_time(self, question):
        if question.over_time_share is None:
            return "—"
        return f"{round(question.over_time_share * 100)}%"

    @admin.display(description=_("answers"))
    def interview_statistics(self, question):
        if not question.attempt_count:
            return gettext("Not answered in any interview yet.")
        parts = [
            ngettext(
                "Answered %(count)d time in interviews.",
                "Answered %(count)d times in interviews.",
                question.attempt_count,
            )
            % {"count": question.attempt_count},
        ]
        if question.average_rating is not None:
            parts.append(
                gettext("Average self-rating %(rating)s of 4.")
                % {"rating": number_format(question.average_rating, 1)}
            )
        parts.append(
            gettext("%(over)d of %(count)d over time (%(share)s).")
            % {
                "over": question.over_time_count,
                "count": question.attempt_count,
                "share": self.over_time(question),
            }
        )
        return " ".join(parts)


extend_question_admin(QuestionStatisticsMixin)

"""Interviews in the admin: read-only, for support."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from interview.models import Answer, Interview


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
class InterviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
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
class AnswerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["interview", "position", "title_snapshot", "status", "rating", "over_time"]
    list_filter = ["status", "rating", "submission"]
    search_fields = ["interview__user__email", "title_snapshot"]
    list_select_related = ["interview__user"]
    readonly_fields = [field.name for field in Answer._meta.fields]

    @admin.display(boolean=True, description=_("over time"))
    def over_time(self, answer):
        return answer.over_time

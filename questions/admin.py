"""Editing the question bank in the Django admin."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from questions.models import Question, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_zh", "name_en", "question_count"]
    search_fields = ["slug", "name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="num_questions")
    def question_count(self, tag):
        return tag.num_questions


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "tag_list", "difficulty", "answer_minutes", "is_active"]
    list_display_links = ["number", "title"]
    list_filter = ["is_active", "difficulty", "tags"]
    search_fields = ["title", "answer_md", "supplement_md", "slug"]
    filter_horizontal = ["tags"]
    readonly_fields = [
        "history_use",
        "answer_preview",
        "supplement_preview",
        "created_at",
        "updated_at",
    ]
    actions = ["activate", "deactivate"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["number", "slug", "title", "tags", "difficulty", "answer_minutes"]}),
        (_("Model answer"), {"fields": ["answer_md", "answer_preview"]}),
        (_("Editor's addition"), {"fields": ["supplement_md", "supplement_preview"]}),
        (
            _("Status"),
            {"fields": ["is_active", "history_use", "source", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("in interview history"))
    def history_use(self, question):
        count = question.answers.count() if question.pk else 0
        if not count:
            return _("Not used in any interview yet; it can be deleted.")
        return ngettext(
            "Used in %(count)d interview answer. It cannot be deleted, because that would "
            "rewrite someone's history: untick “active” to retire it instead.",
            "Used in %(count)d interview answers. It cannot be deleted, because that would "
            "rewrite someone's history: untick “active” to retire it instead.",
            count,
        ) % {"count": count}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and question.answers.exists():
            self.message_user(
                request,
                _(
                    "This question appears in users' interview history, so it cannot be "
                    "deleted. Deactivate it to hide it from the bank and new interviews."
                ),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("tags"))
    def tag_list(self, question):
        return ", ".join(tag.name for tag in question.tags.all())

    @admin.display(description=_("preview (saved version)"))
    def answer_preview(self, question):
        return format_html('<div class="md-preview">{}</div>', question.answer_html)

    @admin.display(description=_("preview (saved version)"))
    def supplement_preview(self, question):
        return format_html('<div class="md-preview">{}</div>', question.supplement_html)

    @admin.action(description=_("Activate selected questions"))
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%d question activated.", "%d questions activated.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate selected questions"))
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%d question deactivated.", "%d questions deactivated.", count) % count,
            messages.SUCCESS,
        )

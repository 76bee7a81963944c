"""Editing the question bank in the Django admin."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_filters import SafeFiltersMixin
from questions import generation
from questions.admin_import import export_response, import_confirm, import_view
from questions.admin_markdown import MarkdownEditor, markdown_preview
from questions.extensions import admin_imports
from questions.markdown import MARKDOWN_MAX_CHARS
from questions.models import Question, Tag


@admin.register(Tag)
class TagAdmin(SafeFiltersMixin, admin.ModelAdmin):
    list_display = ["slug", "name_zh", "name_en", "question_count"]
    search_fields = ["slug", "name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="num_questions")
    def question_count(self, tag):
        return tag.num_questions


@admin.register(Question)
class QuestionAdmin(SafeFiltersMixin, admin.ModelAdmin):
    # Narrow enough to leave room for the statistics other apps add: tags go under the
    # title, and the answer time is on each question's page.
    list_display = ["number", "title_and_tags", "difficulty", "is_active"]
    list_display_links = ["number", "title_and_tags"]
    list_filter = ["is_active", "difficulty", "tags"]
    search_fields = ["title", "answer_md", "supplement_md", "slug"]
    filter_horizontal = ["tags"]
    readonly_fields = ["created_at", "updated_at"]
    actions = [
        "activate",
        "deactivate",
        "export_csv",
        "export_xlsx",
        "export_json",
        "export_markdown",
    ]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["number", "slug", "title", "tags", "difficulty", "answer_minutes"]}),
        (_("Model answer"), {"fields": ["answer_md"], "classes": ["markdown"]}),
        (_("Editor's addition"), {"fields": ["supplement_md"], "classes": ["markdown"]}),
        (_("Status"), {"fields": ["is_active", "source", "created_at", "updated_at"]}),
    ]
    # Edited with a live preview (questions.admin_markdown), styled as the site shows them.
    markdown_fields = {"answer_md": "", "supplement_md": "supplement"}

    class Media:
        css = {"all": ["css/prose.css", "css/code.css", "css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def changelist_view(self, request, extra_context=None):
        """The list, with the imports other apps registered beside our own."""
        links = [(link.label, reverse(link.url_name)) for link in admin_imports()]
        return super().changelist_view(request, {**(extra_context or {}), "other_imports": links})

    def get_urls(self):
        preview = self.admin_site.admin_view(partial(markdown_preview, model_admin=self))
        importing = self.admin_site.admin_view(partial(import_view, model_admin=self))
        confirming = self.admin_site.admin_view(partial(import_confirm, model_admin=self))
        return [
            path("import/", importing, name="questions_question_import"),
            path("import/confirm/", confirming, name="questions_question_import_confirm"),
            path(
                "markdown-preview/<slug:field_name>/",
                preview,
                name="questions_question_markdown_preview",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            url = reverse(
                f"{self.admin_site.name}:questions_question_markdown_preview",
                args=[db_field.name],
            )
            widget = MarkdownEditor(url, preview_class=self.markdown_fields[db_field.name])
            kwargs |= {"widget": widget, "max_length": MARKDOWN_MAX_CHARS}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_deleted_objects(self, objs, request):
        """Where deletion is attempted (the delete page, the bulk action), say why a question
        in someone's history is protected and what to do instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            self.message_user(
                request,
                _(
                    "A question that appears in users' interview history cannot be deleted: "
                    "that would rewrite their history. Untick “active” instead, which hides "
                    "it from the bank and from new interviews."
                ),
                messages.WARNING,
            )
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("question"), ordering="title")
    def title_and_tags(self, question):
        tags = ", ".join(tag.name for tag in question.tags.all())
        return format_html('{}<span class="question-tags">{}</span>', question.title, tags)

    @admin.action(description=_("Activate selected questions"))
    def activate(self, request, queryset):
        with transaction.atomic():  # an update sends no signals: a new generation by hand,
            generation.advance()  # first, as the signals take it (questions/generation.py)
            count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%d question activated.", "%d questions activated.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate selected questions"))
    def deactivate(self, request, queryset):
        with transaction.atomic():  # an update sends no signals: a new generation by hand,
            generation.advance()  # first, as the signals take it (questions/generation.py)
            count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%d question deactivated.", "%d questions deactivated.", count) % count,
            messages.SUCCESS,
        )

    # Exports: of the selected questions, or of every question the filters show ("select
    # all" in the changelist), in the formats the import reads back.

    @admin.action(description=_("Export selected questions as CSV"))
    def export_csv(self, request, queryset):
        return export_response(queryset, "csv")

    @admin.action(description=_("Export selected questions as XLSX"))
    def export_xlsx(self, request, queryset):
        return export_response(queryset, "xlsx")

    @admin.action(description=_("Export selected questions as JSON"))
    def export_json(self, request, queryset):
        return export_response(queryset, "json")

    @admin.action(description=_("Export selected questions as Markdown"))
    def export_markdown(self, request, queryset):
        return export_response(queryset, "md")


def extend_question_admin(mixin: type) -> type[QuestionAdmin]:
    """Register the question admin again with `mixin` in front of it.

    This is how apps that build on the bank (interview statistics, feedback's key points)
    add to its pages without this app importing them. Admin modules are loaded in
    INSTALLED_APPS order, so each app extends what the apps before it made; a mixin adds
    through ModelAdmin's get_* methods and super(), never by replacing lists. Call it from
    an app's admin.py: the admin's URLs are built from the registry after that.
    """
    current = type(admin.site.get_model_admin(Question))
    extended = type(current.__name__, (mixin, current), {"__module__": mixin.__module__})
    admin.site.unregister(Question)
    admin.site.register(Question, extended)
    return extended


# Figures' pages and their upload endpoint (registered on import).
from questions import figures_admin  # noqa: E402, F401

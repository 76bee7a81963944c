"""Recordings in the admin: to look at sizes and figures; deleting goes through the service,
so the files go with the rows."""

from django.contrib import admin

from voice import services
from voice.models import Recording, RecordingPart


class PartInline(admin.TabularInline):
    model = RecordingPart
    fields = ("number", "content_type", "bytes_total", "duration_ms", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "bytes_total", "duration_ms", "transcript_status", "created_at")
    list_select_related = ("user",)
    list_filter = ("transcript_status",)
    search_fields = ("user__email",)
    readonly_fields = [field.name for field in Recording._meta.fields]
    inlines = [PartInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.recording_delete(recording=obj)

    def delete_queryset(self, request, queryset):
        for recording in queryset:
            services.recording_delete(recording=recording)

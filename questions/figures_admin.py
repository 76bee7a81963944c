"""Figures in the admin: upload images, see them, copy the Markdown that shows them.

Besides the Figure pages there is one JSON endpoint, `upload/`, which the Markdown editors
of the question form post pasted, dropped or chosen images to (static/js/admin-figures.js).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from questions.figures import Figure
from questions.figures_store import FigureRefused, check_image, figure_from_bytes, figure_markdown
from questions.limits import FIGURE_MAX_BYTES

ACCEPTED_TYPES = ", ".join(Figure.EXTENSIONS)


class FigureUploadForm(forms.Form):
    """One image file, checked by its bytes (figures_store.check_image) before it is stored."""

    image = forms.FileField(
        label=gettext_lazy("Image"),
        help_text=gettext_lazy("PNG, JPEG, WebP or GIF, at most %(limit)s.")
        % {"limit": filesizeformat(FIGURE_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    alt = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=Figure._meta.get_field("alt").max_length,
        help_text=gettext_lazy("What the image shows, for readers who cannot see it."),
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > FIGURE_MAX_BYTES:
            # Not read at all: refused by the size the upload already has.
            raise forms.ValidationError(
                _("%(name)s is %(size)s; an image may be at most %(limit)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(FIGURE_MAX_BYTES),
                }
            )
        data = upload.read()
        try:
            check_image(data, name=upload.name)
        except FigureRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        self.data_bytes = data
        return upload

    def store(self, *, origin=None) -> Figure:
        """The stored figure (an earlier one when the same bytes were uploaded before)."""
        upload = self.cleaned_data["image"]
        return figure_from_bytes(
            self.data_bytes, name=upload.name, alt=self.cleaned_data["alt"], origin=origin
        )


class FigureAddForm(forms.ModelForm):
    """The admin's add page: the upload form's checks, saved through figures_store."""

    image = FigureUploadForm.base_fields["image"]
    alt = FigureUploadForm.base_fields["alt"]

    class Meta:
        model = Figure
        fields = ["alt"]

    clean_image = FigureUploadForm.clean_image


@require_POST
def figure_upload(request, *, model_admin):
    """Store one image posted by a Markdown editor; answer {url, markdown} or {error}."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = FigureUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [str(message) for messages in form.errors.values() for message in messages]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    figure = form.store()
    return JsonResponse(
        {
            "id": str(figure.pk),
            "url": figure.markdown_url,
            "markdown": figure_markdown(figure, alt=form.cleaned_data["alt"] or None),
        },
        status=201,
    )


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail", "name", "alt", "content_type", "size_shown", "origin", "created_at"
    ]  # fmt: skip
    list_display_links = ["thumbnail", "name"]
    list_filter = ["content_type", "origin"]
    search_fields = ["name", "alt", "sha256"]
    list_per_page = 50
    list_select_related = ["origin"]
    readonly_fields = [
        "preview", "markdown", "content_type", "size_shown", "origin", "sha256", "created_at"
    ]  # fmt: skip
    fields = ["preview", "markdown", "name", "alt", *readonly_fields[2:]]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-figures.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FigureAddForm
            kwargs["fields"] = ["image", "alt"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["image", "alt"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        upload = form.cleaned_data["image"]
        return figure_from_bytes(form.data_bytes, name=upload.name, alt=form.cleaned_data["alt"])

    def save_model(self, request, obj, form, change):
        if change:  # added figures were stored by save_form, through figures_store
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def get_urls(self):
        upload = self.admin_site.admin_view(_upload_view(self))
        return [
            path("upload/", upload, name="questions_figure_upload"),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("image"))
    def thumbnail(self, figure):
        return format_html(
            '<img class="figure-thumb" src="{}" alt="" loading="lazy">', figure.markdown_url
        )

    @admin.display(description=gettext_lazy("image"))
    def preview(self, figure):
        return format_html(
            '<img class="figure-preview" src="{}" alt="{}">', figure.markdown_url, figure.alt
        )

    @admin.display(description=gettext_lazy("Markdown"))
    def markdown(self, figure):
        return format_html(
            '<input class="figure-snippet vTextField" type="text" readonly value="{}" '
            'aria-label="{}"> <button type="button" class="button" data-copy-snippet '
            'data-copied="{}">{}</button>'
            '<div class="help">{}</div>',
            figure_markdown(figure),
            _("Markdown"),
            _("Copied"),
            _("Copy"),
            _("Paste this into a model answer to show the image there."),
        )

    @admin.display(description=gettext_lazy("size"), ordering="size")
    def size_shown(self, figure):
        return filesizeformat(figure.size)


def _upload_view(model_admin):
    def view(request):
        return figure_upload(request, model_admin=model_admin)

    return view

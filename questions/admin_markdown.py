"""Markdown in the admin: an editor with a live preview of the unsaved text.

The preview is rendered by the site's own `render_markdown` and styled by the site's
stylesheet (prose.css, code.css), so an editor sees what readers will see before saving.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from questions.markdown import MARKDOWN_MAX_CHARS, render_markdown_uncached

# How long typing pauses before the preview follows it.
PREVIEW_DELAY_MS = 300


class MarkdownEditor(forms.Textarea):
    """A large monospaced textarea beside a preview that htmx refreshes as you type.

    The preview starts with the field's current value (after a failed save, the text that
    was sent), rendered on the server; without JavaScript it simply stays that way. Under
    the textarea, "Add an image" (or pasting or dropping one into the text) uploads an image
    as a figure and inserts its Markdown at the caret (static/js/admin-figures.js).
    """

    class Media:
        js = ["js/admin-figures.js"]

    def __init__(self, preview_url: str, *, preview_class: str = "", attrs=None):
        super().__init__(attrs={"rows": 20, "class": "md-source", **(attrs or {})})
        self.preview_url = preview_url
        self.preview_class = preview_class

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        preview_id = f"{attrs.get('id') or 'id_' + name}_preview"
        attrs |= {
            "spellcheck": "false",
            "hx-post": self.preview_url,
            "hx-trigger": f"input changed delay:{PREVIEW_DELAY_MS}ms",
            "hx-target": f"#{preview_id}",
            "hx-swap": "innerHTML",
            # Only this field and the CSRF token, not the whole change form.
            "hx-params": f"{name},csrfmiddlewaretoken",
            "hx-sync": "this:replace",
        }
        source = value if isinstance(value, str) else ""
        return format_html(
            '<div class="md-editor">'
            '<div class="md-editor-source">{}{}</div>'
            '<section class="md-editor-preview" aria-labelledby="{}_label">'
            '<p class="md-editor-caption" id="{}_label">{}</p>'
            '<div class="{}" id="{}">{}</div>'
            "</section></div>",
            super().render(name, value, attrs, renderer),
            figure_tools(),
            preview_id,
            preview_id,
            _("Preview"),
            " ".join(filter(None, ["md-preview prose", self.preview_class])),
            preview_id,
            render_markdown_uncached(source, for_editor=True),
        )


def figure_tools() -> str:
    """ "Add an image" under a Markdown textarea, with the words its script shows; nothing
    where figures cannot be uploaded (no figure admin on this site)."""
    try:
        upload_url = reverse("admin:questions_figure_upload")
    except NoReverseMatch:
        return ""
    words = {
        "upload-url": upload_url,
        "uploading": _("Uploading %(name)s…"),
        "inserted": _("%(name)s uploaded; its Markdown is in the text."),
        "failed": _("The image could not be uploaded. Try again, or upload it under Figures."),
    }
    return format_html(
        '<div class="md-figure-tools" {}>'
        '<label class="md-figure-pick">{} <input type="file" class="md-figure-input" '
        'accept="image/png,image/jpeg,image/webp,image/gif" multiple></label> '
        '<span class="md-figure-hint">{}</span>'
        '<p class="md-figure-status" role="status" aria-live="polite"></p></div>',
        format_html_join(" ", 'data-{}="{}"', words.items()),
        _("Add an image"),
        _("or paste or drag one into the text."),
    )


class MarkdownPreviewForm(forms.Form):
    """The text of one Markdown field, posted under that field's own name."""

    def __init__(self, field_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field_name
        self.fields[field_name] = forms.CharField(
            required=False,
            strip=False,
            max_length=MARKDOWN_MAX_CHARS,
            error_messages={
                "max_length": gettext_lazy(
                    "Too long to preview: at most %(limit_value)d characters."
                )
            },
        )

    @property
    def source(self) -> str:
        return self.cleaned_data[self.field_name]


@require_POST
def markdown_preview(request, field_name, *, model_admin):
    """Render one field's posted, unsaved Markdown as the site would show it (staff only:
    the admin wraps this view in admin_view)."""
    if field_name not in model_admin.markdown_fields:
        return HttpResponse(status=404)
    if not (model_admin.has_change_permission(request) or model_admin.has_add_permission(request)):
        raise PermissionDenied
    form = MarkdownPreviewForm(field_name, request.POST)
    if not form.is_valid():
        message = " ".join(form.errors[field_name])
        return HttpResponse(
            format_html('<p class="md-preview-error" role="alert">{}</p>', message), status=422
        )
    return HttpResponse(render_markdown_uncached(form.source, for_editor=True))

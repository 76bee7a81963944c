"""Importing and exporting questions in the admin (staff only).

Import: upload a file (CSV, XLSX, JSON or seed-style Markdown) and choose its source →
a preview lists every row as new / changed / unchanged / error, with its row (or line)
number and the fields concerned, and writes nothing → confirm, which imports the same
file all or nothing. The uploaded file waits between the two in the storage (so S3 works
too), named by a signed token that only the same staff member can use, for an hour.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from import_export.formats.base_formats import CSV, JSON, XLSX

from questions.exporting import bank_as_dataset, bank_as_markdown_file
from questions.importer import ImportRefused
from questions.importer.uploads import run_import
from questions.limits import IMPORT_MAX_BYTES, ZIP_MAX_BYTES
from questions.models import Source

FORMATS = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "md": "Markdown",
    "zip": gettext_lazy("Markdown and its images in a ZIP"),
}
EXTENSIONS = {
    "csv": "csv",
    "xlsx": "xlsx",
    "json": "json",
    "md": "md",
    "markdown": "md",
    "txt": "md",
    "zip": "zip",
}
KINDS = {"md": Source.Kind.MARKDOWN}
TOKEN_SALT = "questions.admin_import"
TOKEN_MAX_AGE = 60 * 60


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("", gettext_lazy("From the file's extension")), *FORMATS.items()],
        required=False,
    )
    source = forms.ModelChoiceField(
        label=gettext_lazy("Source"),
        queryset=Source.objects.all(),
        required=False,
        empty_label=gettext_lazy("A new source (named below, or after the file)"),
        help_text=gettext_lazy(
            "An import only creates and updates questions of this source; a row whose slug "
            "belongs to another source's question is refused."
        ),
    )
    source_name = forms.CharField(
        label=gettext_lazy("New source's name"), required=False, max_length=150
    )
    download_images = forms.BooleanField(
        label=gettext_lazy("Download remote images"),
        required=False,
        help_text=gettext_lazy(
            "Images at http(s) addresses in answers and editor's additions are fetched once "
            "and stored as figures. Unticked, they stay as placeholders: the site never loads "
            "images from other addresses."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = ZIP_MAX_BYTES if upload.name.lower().endswith(".zip") else IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if not cleaned.get("format"):
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension not in EXTENSIONS:
                raise forms.ValidationError(
                    _(
                        "Choose the file's format: “%(name)s” does not end in .csv, .xlsx, "
                        ".json, .md or .zip."
                    )
                    % {"name": upload.name}
                )
            cleaned["format"] = EXTENSIONS[extension]
        source = cleaned.get("source")
        name = source.name if source else (cleaned.get("source_name") or "").strip() or upload.name
        cleaned["source_name"] = name
        prefix = "markdown" if cleaned["format"] in ("md", "zip") else "table"
        cleaned["source_key"] = source.key if source else f"{prefix}:{name}"[:200]
        return cleaned


def _check_permission(request, model_admin) -> None:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def import_view(request, *, model_admin):
    """Upload a file and see what importing it would do; nothing is written here."""
    _check_permission(request, model_admin)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import questions"),
        "form": form,
        "limit": filesizeformat(IMPORT_MAX_BYTES),
        "zip_limit": filesizeformat(ZIP_MAX_BYTES),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw = data["file"].read()
        context |= {
            "format": FORMATS[data["format"]],
            "source_name": data["source_name"],
            "source_exists": Source.objects.filter(key=data["source_key"]).exists(),
            "file_name": data["file"].name,
        }
        try:
            report = run_import(
                raw,
                fmt=data["format"],
                key=data["source_key"],
                name=data["source_name"],
                dry_run=True,
                download=data["download_images"],
                label=data["file"].name,
            )
        except ImportRefused as refused:
            context |= {"refusal": refused.message, "report": refused.report}
        else:
            stored = default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(raw))
            token = signing.dumps(
                {
                    "file": stored,
                    "format": data["format"],
                    "key": data["source_key"],
                    "name": data["source_name"],
                    "download": data["download_images"],
                    "user": request.user.pk,
                },
                salt=TOKEN_SALT,
            )
            context |= {"report": report, "token": token}
    return TemplateResponse(request, "admin/questions/question/import.html", context)


@require_POST
def import_confirm(request, *, model_admin):
    """Import the previewed file, all or nothing, and go back to the questions."""
    _check_permission(request, model_admin)
    back = reverse(f"{model_admin.admin_site.name}:questions_question_import")
    try:
        ticket = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect(back)
    if ticket["user"] != request.user.pk or not default_storage.exists(ticket["file"]):
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect(back)
    with default_storage.open(ticket["file"], "rb") as stored:
        raw = stored.read()
    try:
        report = run_import(
            raw,
            fmt=ticket["format"],
            key=ticket["key"],
            name=ticket["name"],
            dry_run=False,
            download=ticket.get("download", False),
        )
    except ImportRefused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    finally:
        default_storage.delete(ticket["file"])
    messages.success(
        request,
        _(
            "Imported into “%(source)s”: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged."
        )
        % {
            "source": report.source_name,
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
        },
    )
    return redirect(reverse(f"{model_admin.admin_site.name}:questions_question_changelist"))


def export_response(queryset, fmt: str) -> HttpResponse:
    """The questions as a download in `fmt` (csv, xlsx, json or md; Markdown comes as a ZIP
    with the figures when the questions show any)."""
    if fmt == "md":
        content, fmt = bank_as_markdown_file(queryset)
        content_type = "application/zip" if fmt == "zip" else "text/markdown; charset=utf-8"
    else:
        file_format = {"csv": CSV, "xlsx": XLSX, "json": JSON}[fmt]()
        content = file_format.export_data(bank_as_dataset(queryset, spreadsheet=fmt != "json"))
        content_type = file_format.get_content_type()
        if fmt == "csv":
            content = "\ufeff" + content  # a BOM, so Excel opens Chinese text correctly
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="questions.{fmt}"'
    return response

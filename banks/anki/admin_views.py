"""The admin's Anki import: upload → preview (with the field mapping) → confirm."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banks.anki import limits
from banks.anki.forms import MappingForm, UploadForm
from banks.anki.notes import mappable
from banks.anki.package import PackageRefused
from banks.anki.services import anki_import, anki_open, anki_preview
from banks.anki.uploads import upload_delete, upload_read, upload_save
from questions.importer.sources import ImportRefused

STATUS_LABELS = {"new": "new", "changed": "changed", "unchanged": "unchanged", "error": "error"}


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), "title": _("Import an Anki deck"), **extra}


@staff_member_required
@require_http_methods(["GET", "POST"])
def anki_import_upload(request):
    """The upload form; a readable package goes on to its preview."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["package"]
        try:
            anki_open(data=data)
        except PackageRefused as refused:
            form.add_error("package", str(refused))
        else:
            return redirect("banks:anki_import_preview", token=upload_save(data))
    status = 400 if form.errors else 200
    context = _context(request, form=form, max_bytes=limits.MAX_PACKAGE_BYTES)
    return render(request, "admin/banks/anki_import.html", context, status=status)


@staff_member_required
@require_http_methods(["GET", "POST"])
def anki_import_preview(request, token):
    """What the import would do, note by note; POST imports it all or nothing."""
    data = upload_read(token)
    if data is None:
        messages.error(
            request, _("That upload is gone (imported already?). Upload the deck again.")
        )
        return redirect("banks:anki_import")
    try:
        opened = anki_open(data=data)
    except PackageRefused as refused:
        upload_delete(token)
        messages.error(request, str(refused))
        return redirect("banks:anki_import")
    source = request.POST if request.method == "POST" else request.GET
    mapping_form = MappingForm(source or None, notetypes=mappable(opened.collection))
    mappings = mapping_form.mappings()
    refusal = ""
    if request.method == "POST" and not mapping_form.errors:
        try:
            report = anki_import(opened=opened, mappings=mappings)
        except ImportRefused as refused:
            refusal = refused.message
        else:
            upload_delete(token)
            messages.success(
                request,
                _("Imported “%(name)s”: %(new)d new, %(changed)d changed, %(same)d unchanged.")
                % {
                    "name": report.source_name,
                    "new": len(report.created),
                    "changed": len(report.updated),
                    "same": len(report.unchanged),
                },
            )
            return redirect("admin:questions_question_changelist")
    preview = anki_preview(opened=opened, mappings=mappings)
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in preview.report.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    context = _context(
        request,
        preview=preview,
        refusal=refusal or preview.refusal,
        mapping_form=mapping_form,
        counts=counts,
        token=token,
        package_kind=opened.package.kind,
    )
    status = 400 if refusal or mapping_form.errors else 200
    return render(request, "admin/banks/anki_preview.html", context, status=status)

"""The Anki pages' addresses (in the `banks` namespace, see banks.urls)."""

from django.urls import path

from banks.anki import admin_views, downloads

urlpatterns = [
    path("anki/", downloads.anki_downloads, name="anki_downloads"),
    path("anki/mock-interview.apkg", downloads.anki_bank, name="anki_bank"),
    path("anki/mine/<slug:mode>.apkg", downloads.anki_mine, name="anki_mine"),
    path("anki/import/", admin_views.anki_import_upload, name="anki_import"),
    path("anki/import/<uuid:token>/", admin_views.anki_import_preview, name="anki_import_preview"),
]

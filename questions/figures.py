"""Figures: images that model answers show."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def figure_path(figure, filename):
    """Stored under an unguessable name; the original name is kept on the row."""
    return f"figures/{figure.pk}{figure.extension}"


class Figure(models.Model):
    """An image that model answers show: uploaded in the admin or brought by an import.

    Markdown refers to it by its URL (see questions.urls); the file goes through Django's
    storage API and is served by a view with its checked content type and `nosniff`.
    """

    EXTENSIONS = {
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "image/webp": ".webp",
        "image/gif": ".gif",
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("file"), upload_to=figure_path)
    # Sniffed from the bytes, never taken from the upload's own claim.
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    name = models.CharField(_("original name"), max_length=255, blank=True)
    alt = models.CharField(_("description"), max_length=300, blank=True)
    origin = models.ForeignKey(
        "questions.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("source"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return self.name or str(self.pk)

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "")

    @property
    def markdown_url(self) -> str:
        """The address Markdown uses to show this figure, e.g. `/figures/<uuid>.png`."""
        return reverse(
            "figures:file",
            kwargs={"figure_id": self.pk, "extension": self.extension.removeprefix(".")},
        )

"""Storing figures: the one door through which an image becomes a Figure.

Admin uploads, pasted images, Anki media, images from a ZIP and downloaded remote images
all come through `figure_from_bytes`, which checks the type by the magic bytes (PNG, JPEG,
WebP, GIF; SVG is refused, since it can carry script), the size in bytes and in pixels, and
returns the existing Figure when the same bytes were stored before.
"""

import hashlib
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from questions.figures import Figure
from questions.figures_sniff import image_size, looks_like_svg, sniff_type
from questions.limits import FIGURE_MAX_BYTES, FIGURE_MAX_SIDE

ALT_MAX_CHARS = Figure._meta.get_field("alt").max_length
NAME_MAX_CHARS = Figure._meta.get_field("name").max_length


class FigureRefused(Exception):
    """An image that cannot become a figure; the message says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_image(data: bytes, *, name: str = "") -> str:
    """The sniffed content type of `data`, or FigureRefused saying what is wrong with it."""
    label = name or _("The image")
    if not data:
        raise FigureRefused(_("%(name)s is empty.") % {"name": label})
    if len(data) > FIGURE_MAX_BYTES:
        raise FigureRefused(
            _("%(name)s is %(size)s; an image may be at most %(limit)s.")
            % {
                "name": label,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(FIGURE_MAX_BYTES),
            }
        )
    content_type = sniff_type(data)
    if content_type is None:
        if looks_like_svg(data):
            raise FigureRefused(
                _(
                    "%(name)s is an SVG drawing, which can carry script and is not accepted: "
                    "export it as PNG and upload that."
                )
                % {"name": label}
            )
        raise FigureRefused(
            _("%(name)s is not a PNG, JPEG, WebP or GIF image (whatever its name says).")
            % {"name": label}
        )
    size = image_size(data, content_type)
    if size is None:
        raise FigureRefused(_("%(name)s is damaged: its size cannot be read.") % {"name": label})
    if max(size) > FIGURE_MAX_SIDE or min(size) < 1:
        raise FigureRefused(
            _("%(name)s is %(width)d × %(height)d pixels; a side may be at most %(limit)d.")
            % {"name": label, "width": size[0], "height": size[1], "limit": FIGURE_MAX_SIDE}
        )
    return content_type


def figure_from_bytes(data: bytes, *, name: str, alt: str = "", origin=None) -> Figure:
    """Store `data` as a figure and return it; the same bytes stored before return that
    figure instead. Raises FigureRefused with a message for the sender."""
    content_type = check_image(data, name=name)
    digest = hashlib.sha256(data).hexdigest()
    existing = Figure.objects.filter(sha256=digest).order_by("created_at").first()
    if existing is not None:
        if alt and not existing.alt:
            existing.alt = alt[:ALT_MAX_CHARS]
            existing.save(update_fields=["alt"])
        return existing
    figure = Figure(
        content_type=content_type,
        size=len(data),
        sha256=digest,
        name=(name or "")[:NAME_MAX_CHARS],
        alt=(alt or "")[:ALT_MAX_CHARS],
        origin=origin,
    )
    with transaction.atomic():
        # The name is the figure's uuid (figures.figure_path), so nothing is overwritten.
        figure.file.save(f"{figure.pk}{figure.extension}", ContentFile(data), save=False)
        figure.save()
    return figure


_MARKDOWN_ALT_SPECIALS = re.compile(r"([\\\[\]])")


def figure_markdown(figure: Figure, alt: str | None = None) -> str:
    """The Markdown that shows `figure`: `![alt](url)`, alt defaulting to its description
    (else its name without the extension)."""
    text = alt if alt is not None else (figure.alt or figure.name.rsplit(".", 1)[0])
    text = _MARKDOWN_ALT_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    return f"![{text}]({figure.markdown_url})"

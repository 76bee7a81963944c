"""Images that imports bring: remote images (downloaded only when the admin ticks it) and
images beside a Markdown file in a ZIP. Both rewrite the Markdown's image references to
figures' addresses and return notes for the import's preview.

    localise_remote_images(markdown, *, download, origin=None) -> (markdown, notes)
    localise_zip_images(markdown, *, archive, base="", origin=None) -> (markdown, notes)

An import that localises many texts passes the same `cache` dict to every call, so an
image is fetched (and noted) once per import and the download limit counts the import.
"""

import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _

from questions import limits
from questions.figures_download import DownloadFailed, download_image
from questions.figures_store import FigureRefused, figure_from_bytes
from questions.safezip import SafeZip

# `![alt](src "title")` and `![alt](<src>)`, as written by people and by our exporters.
IMAGE_REFERENCE = re.compile(
    r"""!\[(?P<alt>(?:\\.|[^\]\\])*)\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<src>[^\s)]+))"""
    r"""(?P<title>\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"""
)


def rewrite_images(markdown: str, replace: Callable[[str, str], str | None]) -> str:
    """`markdown` with each image's address replaced by `replace(alt, src)` (None keeps it)."""

    def one(match: re.Match) -> str:
        src = match["angled"] if match["angled"] is not None else match["src"]
        new = replace(match["alt"], src)
        if new is None:
            return match[0]
        return f"![{match['alt']}]({new}{match['title'] or ''})"

    return IMAGE_REFERENCE.sub(one, markdown)


def _is_remote(src: str) -> bool:
    return urlsplit(src).scheme in ("http", "https")


def localise_remote_images(
    markdown: str, *, download: bool, origin=None, cache: dict | None = None
) -> tuple[str, list[str]]:
    """Download the http(s) images `markdown` shows into figures and point it at them, when
    `download`; otherwise leave them (readers see a placeholder) and say so."""
    notes: list[str] = []
    fetched: dict[str, str | None] = {} if cache is None else cache

    def replace(alt: str, src: str) -> str | None:
        if not _is_remote(src):
            return None
        if src in fetched:
            return fetched[src]
        if not download:
            fetched[src] = None
            notes.append(
                _("%(url)s is not shown: remote images are downloaded only when you tick it.")
                % {"url": src}
            )
            return None
        if len(fetched) >= limits.FIGURE_DOWNLOADS_PER_IMPORT:
            notes.append(
                _("%(url)s was not downloaded: at most %(limit)d images are downloaded per import.")
                % {"url": src, "limit": limits.FIGURE_DOWNLOADS_PER_IMPORT}
            )
            return None
        name = posixpath.basename(unquote(urlsplit(src).path)) or "image"
        try:
            figure = figure_from_bytes(download_image(src), name=name, alt=alt, origin=origin)
        except (DownloadFailed, FigureRefused) as failed:
            fetched[src] = None
            notes.append(
                _("%(url)s was not downloaded: %(reason)s.")
                % {"url": src, "reason": failed.message.rstrip(".")}
            )
            return None
        fetched[src] = figure.markdown_url
        notes.append(_("%(url)s was downloaded.") % {"url": src})
        return figure.markdown_url

    return rewrite_images(markdown, replace), notes


def localise_zip_images(
    markdown: str, *, archive: SafeZip, base: str = "", origin=None, cache: dict | None = None
) -> tuple[str, list[str]]:
    """Store the images that `markdown` (the file at `base`/… in `archive`) refers to by a
    relative path, and point it at them; notes name the ones the archive lacks or refuses."""
    notes: list[str] = []
    stored: dict[str, str | None] = {} if cache is None else cache

    def replace(alt: str, src: str) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            return None
        name = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if name in stored:
            return stored[name]
        stored[name] = None
        if name not in archive:
            notes.append(_("%(name)s is not in the archive.") % {"name": src})
            return None
        try:
            figure = figure_from_bytes(
                archive.read(name), name=posixpath.basename(name), alt=alt, origin=origin
            )
        except FigureRefused as refused:
            notes.append(refused.message)
            return None
        stored[name] = figure.markdown_url
        notes.append(_("%(name)s was brought in from the archive.") % {"name": src})
        return figure.markdown_url

    return rewrite_images(markdown, replace), notes

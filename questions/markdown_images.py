"""Images in Markdown: uploaded figures are shown; anything else is a labelled placeholder.

The site never loads an image from another address (CSP `img-src 'self'`), so an image
whose address is not one of our figures (`/figures/<uuid>.<ext>`) becomes a placeholder
that says how to fix it: briefly for readers, in detail for editors in the admin preview.
The seed's own relative paths keep mapping to the drawings in static/figures/.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

from django.templatetags.static import static
from django.utils.translation import gettext as _

from questions.figures_sniff import image_size

# The seed refers to images that were never published; these are our own drawings.
FIGURES = {
    "assert/sd1.jpg": (
        "figures/stable-diffusion-pipeline.svg",
        "Stable Diffusion 流程：文本编码器 → 潜空间中的 UNet + 调度器 → VAE 解码器",
    ),
    "assert/attention.png": (
        "figures/attention-qkv.svg",
        "注意力中的 q/k/v 投影：to_qkv 线性层把输入映射为 Q、K、V",
    ),
    "assert/Q.png": (
        "figures/rl-agent-environment.svg",
        "强化学习循环：智能体向环境发出动作，环境返回新状态与奖励",
    ),
}
FIGURE_LINK_CLASS = "md-figure-link"
# The seed's drawings' link title, in both languages as it always was.
FIGURE_LINK_TITLE = "打开原图 · Open full size"
# Alt texts that say nothing; the figure's own description replaces them.
PLACEHOLDER_ALTS = {"", "alt", "image", "img", "图片"}

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# An uploaded figure's address, as Figure.markdown_url writes it.
FIGURE_PATH = re.compile(rf"/figures/(?P<id>{_UUID})\.(?P<ext>png|jpg|webp|gif)")
# How many bytes of a stored figure are read to learn its size in pixels.
SIZE_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class ShownFigure:
    url: str
    alt: str
    width: int | None
    height: int | None


@lru_cache(maxsize=2048)
def _stored_size(file_name: str, content_type: str) -> tuple[int, int] | None:
    """A stored figure's size in pixels, read once per process (a figure never changes)."""
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(file_name, "rb") as stored:
            head = stored.read(SIZE_HEADER_BYTES)
    except OSError:
        return None
    return image_size(head, content_type)


def figures_in(source: str) -> dict[str, ShownFigure]:
    """The uploaded figures `source` refers to, by id: one query, none without any."""
    ids = {match["id"] for match in FIGURE_PATH.finditer(source)}
    if not ids:
        return {}
    from questions.figures import Figure  # the models module imports this one

    shown = {}
    for figure in Figure.objects.filter(pk__in=ids).only("file", "content_type", "alt", "name"):
        size = _stored_size(figure.file.name, figure.content_type)
        shown[str(figure.pk)] = ShownFigure(
            url=figure.markdown_url,
            alt=figure.alt,
            width=size[0] if size else None,
            height=size[1] if size else None,
        )
    return shown


def render_image(renderer, tokens, idx, options, env) -> str:
    """Show our figures; anything else gets a placeholder saying how to fix it."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env).strip()
    parts = urlsplit(src)
    local = not parts.scheme and not parts.netloc
    uploaded = FIGURE_PATH.fullmatch(parts.path) if local and not parts.query else None
    if uploaded:
        figure = env.get("figures", {}).get(uploaded["id"])
        if figure and figure.url == parts.path:
            return _uploaded_figure(figure, alt)
        return _placeholder(src, alt, _missing_figure_hint(src), env)
    seed_figure = FIGURES.get(parts.path.removeprefix("./")) if local else None
    if seed_figure:
        return _seed_figure(*seed_figure, alt)
    remote = parts.scheme in ("http", "https") or bool(parts.netloc)
    hint = _remote_hint(src) if remote else _not_a_figure_hint(src)
    return _placeholder(src, alt, hint, env)


def _uploaded_figure(figure: ShownFigure, alt: str) -> str:
    alt = alt if alt.lower() not in PLACEHOLDER_ALTS else figure.alt
    size = f' width="{figure.width}" height="{figure.height}"' if figure.width else ""
    url = escape(figure.url)
    title = escape(_("Open full size"))  # a call of its own, where makemessages finds it
    return (
        f'<span class="md-figure-scroll"><a class="{FIGURE_LINK_CLASS}" href="{url}" '
        f'title="{title}"><img class="md-figure md-figure-upload" '
        f'src="{url}" alt="{escape(alt)}" loading="lazy"{size}></a></span>'
    )


def _seed_figure(static_path: str, description: str, alt: str) -> str:
    if alt.lower() in PLACEHOLDER_ALTS:
        alt = description
    url = escape(static(static_path))
    # Shown at a readable minimum width (scrolling sideways on a phone), and a tap opens
    # the drawing itself, full size, in a new tab.
    return (
        f'<span class="md-figure-scroll"><a class="{FIGURE_LINK_CLASS}" href="{url}" '
        f'title="{FIGURE_LINK_TITLE}"><img class="md-figure" src="{url}" alt="{escape(alt)}">'
        "</a></span>"
    )


def _remote_hint(src: str) -> str:
    return _(
        "%(src)s is on another site, and this site never loads images from elsewhere. "
        "Download the image, then paste or drag it into this field (or upload it under "
        "Figures) and use the address it gets."
    ) % {"src": src}


def _missing_figure_hint(src: str) -> str:
    return _(
        "%(src)s is not an uploaded figure: it was deleted, or the address is mistyped. "
        "Upload the image again and use the address it gets."
    ) % {"src": src}


def _not_a_figure_hint(src: str) -> str:
    return _(
        "“%(src)s” is not an uploaded figure. Paste or drag the image into this field (or "
        "upload it under Figures) and use the address it gets, which begins with /figures/."
    ) % {"src": src or "?"}


def _placeholder(src: str, alt: str, editor_hint: str, env) -> str:
    path = urlsplit(src).path
    label = alt if alt.lower() not in PLACEHOLDER_ALTS else (path.rsplit("/", 1)[-1] or src)
    heading = _("Image not shown: %(label)s") % {"label": label}
    if env.get("for_editor"):
        hint = editor_hint
    else:
        hint = _("Upload the image in the admin and use its address.")
    return (
        f'<span class="md-missing-image" role="img" aria-label="{escape(label)}">'
        f'<span class="md-missing-image-label">{escape(heading)}</span> '
        f'<span class="md-missing-image-hint">{escape(hint)}</span></span>'
    )

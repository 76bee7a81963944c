"""The one Markdown pipeline of the site: markdown-it-py, Pygments, then nh3.

Every Markdown field (model answers, editor supplements, snapshots kept in
interview history) is rendered by `render_markdown`, which is cached by source
text so a page never re-renders an answer it has already seen.
"""

import re
from functools import lru_cache
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

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
# The longest Markdown an editor may save in one field, or preview (the seed's longest
# answer has under 1,000 characters).
MARKDOWN_MAX_CHARS = 50_000
FIGURE_LINK_CLASS = "md-figure-link"
# The rendered HTML is cached for every reader, whatever their language: both languages.
FIGURE_LINK_TITLE = "打开原图 · Open full size"
# Alt texts that say nothing; the figure's own description replaces them.
PLACEHOLDER_ALTS = {"", "alt", "image", "img", "图片"}

HIGHLIGHT_FORMATTER = HtmlFormatter(nowrap=True, classprefix="")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "loading", "class", "width", "height"},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class", "role", "aria-label"},
    "div": {"class"},
    "ol": {"start"},
}


def _highlight_code(code: str, lang: str, _attrs) -> str:
    """Highlight a fenced block with Pygments; unknown languages stay plain."""
    language = (lang or "").split()[0] if lang else ""
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    body = highlight(code, lexer, HIGHLIGHT_FORMATTER) if lexer else escape(code)
    css_lang = f" language-{escape(language)}" if language else ""
    return f'<pre class="highlight"><code class="code{css_lang}">{body}</code></pre>\n'


def _render_image(renderer, tokens, idx, options, env) -> str:
    """Map the seed's image paths to our figures; anything else gets a labelled placeholder."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env).strip()
    parts = urlsplit(src)
    path = parts.path.removeprefix("./")
    # Only the seed's relative paths map to our figures; anything else is a placeholder.
    figure = None if parts.scheme or parts.netloc else FIGURES.get(path)
    if figure:
        static_path, description = figure
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
    label = alt if alt.lower() not in PLACEHOLDER_ALTS else (path.rsplit("/", 1)[-1] or src)
    return (
        f'<span class="md-missing-image" role="img" aria-label="{escape(label)}">'
        f"图片缺失 · Image unavailable: {escape(label)}</span>"
    )


def _build_parser() -> MarkdownIt:
    # html=False: raw HTML in an answer is shown as text, never interpreted.
    parser = MarkdownIt("commonmark", {"html": False, "highlight": _highlight_code})
    parser.enable(["table", "strikethrough"])
    parser.add_render_rule("image", _render_image)
    return parser


_PARSER = _build_parser()


def sanitize_html(html: str) -> str:
    """Keep only harmless tags and attributes; links get rel="noopener noreferrer", and
    those that would leave the page open in a new tab."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        # The one class a link may carry: our figure links' (see _render_image).
        allowed_classes={"a": {FIGURE_LINK_CLASS}},
        clean_content_tags={"script", "style"},
    )
    return _open_outside_links_in_new_tabs(clean)


# An opening <a> tag as nh3 writes it: every value in double quotes, any " inside escaped,
# so a ">" inside a value cannot end the match early.
LINK_OPEN_TAG = re.compile(r"""<a((?:\s+[^\s="'>/]+(?:="[^"]*")?)*)\s*>""")
ATTRIBUTE = re.compile(r"""([^\s="'>/]+)(?:="([^"]*)")?""")


def _leaves_the_page(attributes: dict[str, str]) -> bool:
    """Links to other sites, and our figures' full-size drawings; not links within the site."""
    if FIGURE_LINK_CLASS in attributes.get("class", "").split():
        return True
    parts = urlsplit(attributes.get("href", ""))
    return parts.scheme in ("http", "https") or (not parts.scheme and bool(parts.netloc))


def _open_outside_links_in_new_tabs(html: str) -> str:
    """Add target="_blank" to links that leave the page (an interview stays open behind
    them). nh3 has already removed any target of the source's, so every one is ours, and
    every link already carries rel="noopener noreferrer"."""

    def add_target(match: re.Match) -> str:
        attributes = {name: unescape(value or "") for name, value in ATTRIBUTE.findall(match[1])}
        if not _leaves_the_page(attributes):
            return match[0]
        return f'<a{match[1]} target="_blank">'

    return LINK_OPEN_TAG.sub(add_target, html)


def render_markdown_uncached(source: str) -> SafeString:
    """Render Markdown to sanitised HTML without keeping it: for text seen once, such as
    the admin's preview of unsaved text (every pause in typing would take a cache entry)."""
    if not source or not source.strip():
        return mark_safe("")
    return mark_safe(sanitize_html(_PARSER.render(source)))


@lru_cache(maxsize=4096)
def render_markdown(source: str) -> SafeString:
    """Render Markdown to sanitised HTML, cached by the source text."""
    return render_markdown_uncached(source)


def pygments_css() -> str:
    """Stylesheet for highlighted code: light colours, then dark ones for the dark theme,
    chosen on the page (`<html data-theme="dark">`) or by the system when none is chosen."""
    light = HtmlFormatter(style="default", classprefix="").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai", classprefix="")
    chosen = dark.get_style_defs(':root[data-theme="dark"] .highlight')
    system = dark.get_style_defs(':root:not([data-theme="light"]) .highlight')
    return f"{light}\n{chosen}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n"

"""The one Markdown pipeline of the site: markdown-it-py, Pygments, then nh3.

Every Markdown field (model answers, editor supplements, snapshots kept in
interview history) is rendered by `render_markdown`, which is cached by source
text, language and the figures it shows, so a page never re-renders an answer it has
already seen.
Images are questions.markdown_images' concern.
"""

import re
from functools import lru_cache
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from questions.markdown_images import FIGURE_LINK_CLASS, figures_in, render_image

# The longest Markdown an editor may save in one field, or preview (the seed's longest
# answer has under 1,000 characters).
MARKDOWN_MAX_CHARS = 50_000

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


def _build_parser() -> MarkdownIt:
    # html=False: raw HTML in an answer is shown as text, never interpreted.
    parser = MarkdownIt("commonmark", {"html": False, "highlight": _highlight_code})
    parser.enable(["table", "strikethrough"])
    parser.add_render_rule("image", render_image)
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


def _render(source: str, figures: dict, *, for_editor: bool) -> SafeString:
    env = {"figures": figures, "for_editor": for_editor}
    return mark_safe(sanitize_html(_PARSER.render(source, env)))


def render_markdown_uncached(source: str, *, for_editor: bool = False) -> SafeString:
    """Render Markdown to sanitised HTML without keeping it: for text seen once, such as
    the admin's preview of unsaved text (every pause in typing would take a cache entry).
    `for_editor` makes an image that cannot be shown explain in detail how to fix it."""
    if not source or not source.strip():
        return mark_safe("")
    return _render(source, figures_in(source), for_editor=for_editor)


@lru_cache(maxsize=4096)
def _render_cached(source: str, language: str, figures: tuple) -> SafeString:
    return _render(source, dict(figures), for_editor=False)


def render_markdown(source: str) -> SafeString:
    """Render Markdown to sanitised HTML, cached in this process by everything the HTML
    shows: the source text, the reader's language (a placeholder for an image that cannot
    be shown speaks it) and the uploaded figures the text names as they are now (one query,
    none for text without any), so a figure added, described anew or deleted on another
    server is never shown as it was."""
    if not source or not source.strip():
        return mark_safe("")
    figures = tuple(sorted(figures_in(source).items()))
    return _render_cached(source, get_language() or settings.LANGUAGE_CODE, figures)


render_markdown.cache_info = _render_cached.cache_info
render_markdown.cache_clear = _render_cached.cache_clear


def pygments_css() -> str:
    """Stylesheet for highlighted code: light colours, then dark ones for the dark theme,
    chosen on the page (`<html data-theme="dark">`) or by the system when none is chosen."""
    light = HtmlFormatter(style="default", classprefix="").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai", classprefix="")
    chosen = dark.get_style_defs(':root[data-theme="dark"] .highlight')
    system = dark.get_style_defs(':root:not([data-theme="light"]) .highlight')
    return f"{light}\n{chosen}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n"


# Languages whose code blocks are common in interview answers. Pygments compiles a lexer's
# patterns the first time it is used (about 100,000 Python calls for Python's), which would
# otherwise fall on the first answer shown with such a block in each serving process.
WARM_LANGUAGES = ("python", "bash", "json", "yaml", "sql", "c", "cpp", "java", "javascript", "go")


def warm_up() -> None:
    """Compile the common languages' lexers and the parser's rules once, before a serving
    process's first request (registered in questions.apps, run by core.serving)."""
    for language in WARM_LANGUAGES:
        render_markdown_uncached(f"```{language}\nx = 1\n```\n")

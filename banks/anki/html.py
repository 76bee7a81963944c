"""Anki fields are HTML; our questions are Markdown. Sanitise, then convert.

The field is first cleaned by nh3 with the allow-list of questions.markdown (scripts,
styles, event handlers and unknown tags go), then the tags that remain become Markdown:
<br>, <div>/<p>, <b>, <i>, lists, code, links, headings, quotes and simple tables. Our
Markdown renders raw HTML as text, so nothing is kept as HTML. Images go through a
`figure` callback that returns the Markdown for one (see banks.anki.notes).
"""

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

from questions.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

SOUND = re.compile(r"\[sound:([^\]]*)\]")
CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)
ESCAPED = re.compile(r"([\\`*_\[\]<>|#])")
SPACES = re.compile(r"\s+")
BLOCKS = {"div", "p", "ul", "ol", "pre", "blockquote", "table", "hr", "h1", "h2", "h3", "h4",
          "h5", "h6"}  # fmt: skip
VOID = {"br", "hr", "img"}

FigureMaker = Callable[[str, str], str]  # (media file name, alt) → Markdown


class Node:
    def __init__(self, tag: str, attrs: dict | None = None):
        self.tag = tag
        self.attrs = attrs or {}
        self.children: list = []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def clean(html: str) -> str:
    """The field with cloze markers resolved and sound references gone, sanitised by nh3."""
    html = CLOZE.sub(r"\1", SOUND.sub("", html))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"},
    )


def sounds(html: str) -> list[str]:
    """The audio files a field plays ([sound:name]); we do not import audio."""
    return SOUND.findall(html)


def plain_text(html: str) -> str:
    """The field's text on one line: for titles."""
    tree = _parse(clean(html))
    return SPACES.sub(" ", _text(tree)).strip()


def to_markdown(html: str, *, figure: FigureMaker) -> str:
    """The field as Markdown of our subset."""
    return _Converter(figure).blocks(_parse(clean(html))).strip()


def _parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_text(child) for child in node.children)


def _escape(text: str) -> str:
    return ESCAPED.sub(r"\\\1", SPACES.sub(" ", text))


class _Converter:
    def __init__(self, figure: FigureMaker):
        self.figure = figure

    def blocks(self, node: Node) -> str:
        """Block children as paragraphs; runs of inline content make one paragraph."""
        out, run = [], []

        def flush():
            text = "".join(run).strip(" ")
            text = re.sub(r"(\\\n)+$", "", re.sub(r"^(\\\n)+", "", text)).strip()
            if text:
                out.append(text)
            run.clear()

        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                flush()
                if block := self.block(child):
                    out.append(block)
            else:
                run.append(self.inline(child))
        flush()
        return "\n\n".join(out)

    def block(self, node: Node) -> str:
        tag = node.tag
        if tag in ("div", "p"):
            return self.blocks(node)
        if tag in ("ul", "ol"):
            return self.list(node)
        if tag == "pre":
            return self.code_block(node)
        if tag == "blockquote":
            inner = self.blocks(node)
            return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
        if tag == "table":
            return self.table(node)
        if tag == "hr":
            return "---"
        level = int(tag[1])
        return f"{'#' * level} {self.inline_text(node)}"

    def list(self, node: Node) -> str:
        items = [child for child in node.children if isinstance(child, Node) and child.tag == "li"]
        lines = []
        for number, item in enumerate(items, start=int(node.attrs.get("start") or 1)):
            marker = f"{number}. " if node.tag == "ol" else "- "
            body = self.blocks(item).splitlines() or [""]
            lines.append(marker + body[0])
            lines.extend((" " * len(marker) + line) if line else "" for line in body[1:])
        return "\n".join(lines)

    def code_block(self, node: Node) -> str:
        code = unescape(_text(node)).strip("\n")
        elements = [child for child in [node, *node.children] if isinstance(child, Node)]
        classes = " ".join(element.attrs.get("class", "") for element in elements)
        language = next((c[9:] for c in classes.split() if c.startswith("language-")), "")
        fence = "````" if "```" in code else "```"
        return f"{fence}{language}\n{code}\n{fence}"

    def table(self, node: Node) -> str:
        rows = []
        for row in _descendants(node, "tr"):
            cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
            rows.append([self.inline_text(cell) for cell in cells])
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * width)
        return "\n".join(lines)

    def inline_text(self, node: Node) -> str:
        return SPACES.sub(" ", "".join(self.inline(child) for child in node.children)).strip()

    def inline(self, node) -> str:
        if isinstance(node, str):
            return _escape(node)
        tag = node.tag
        if tag == "br":
            return "\\\n"
        if tag == "img":
            return self.figure(unquote(node.attrs.get("src", "")), node.attrs.get("alt", ""))
        if tag in BLOCKS or tag == "li":
            return " " + self.blocks(node) + " "
        inner = "".join(self.inline(child) for child in node.children)
        if tag == "code":
            code = SPACES.sub(" ", unescape(_text(node)))
            return f"`` {code} ``" if "`" in code else f"`{code}`" if code else ""
        if not inner.strip():
            return inner
        if tag in ("b", "strong"):
            return f"**{inner.strip()}**"
        if tag in ("i", "em"):
            return f"*{inner.strip()}*"
        if tag in ("s", "del"):
            return f"~~{inner.strip()}~~"
        if tag == "a" and node.attrs.get("href", "").startswith(("http://", "https://")):
            return f"[{inner.strip()}](<{node.attrs['href']}>)"
        return inner


def _descendants(node: Node, tag: str):
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                yield child
            else:
                yield from _descendants(child, tag)

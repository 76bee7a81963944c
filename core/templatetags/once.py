"""`{% once value ... %}…{% endonce %}`: a piece of a template rendered once per process for
each combination of the values it names and the active language, then served from memory.

For what costs time to render but never changes between two requests that agree on those
values: the layout's links, static paths and translated text, a list's rows. The values
must name everything the piece shows that can vary (the language is always part of the
key). Its body may never hold a CSRF token or a CSP nonce, which differ per request: the
template is refused when it compiles. Entries are never stale, since a changed value is a
new key. Each piece keeps its own entries: when one piece has too many (a visitor sending
ever new values to a form, say), only that piece's are dropped and rendered again, never
the layout's. A changed setting (tests) drops them all.

`{% fresh %}…{% endfresh %}` inside a piece marks a hole rendered on every request (a CSRF
token, a block of the page, the path): the piece keeps the text around its holes, so one
piece can span a whole layout. A hole sits directly in the piece's body (not inside an
`{% if %}` of it), and what it sets is visible after it only on the request that set it.
"""

import threading

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import TextNode, VariableNode
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.context_tag import ContextTagNode, shown
from core.template_lookup import quick_lookup, resolve

register = template.Library()

# Entries one piece keeps: more than the rows of a big bank in both languages.
MAX_ENTRIES = 10_000
# A longer text among the values (something a visitor sent, say) is rendered every time
# rather than kept: memory stays bounded whatever arrives.
MAX_KEY_CHARS = 100
# Likewise a whole number no database column holds (a count typed into a form, say: Python
# reads thousands of digits): only numbers inside a 64-bit range are kept under.
KEPT_INTS = range(-(2**63), 2**63)
# Per-request values a shared piece must never contain.
PER_REQUEST = ("csrf_token", "csp_nonce")

_lock = threading.Lock()
# Bumped by a changed setting: every piece drops what it kept when it next renders.
_generation = 0


@receiver(setting_changed)
def forget_rendered(**kwargs) -> None:
    """Settings shape what a piece shows (site name, static storage): start afresh."""
    global _generation
    _generation += 1


class FreshNode(template.Node):
    """A hole in a kept piece, rendered on every request."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)


class OnceNode(template.Node):
    # Blocks may only sit in its holes: the search for blocks that every `{% extends %}`
    # runs when it renders looks at those alone (see get_nodes_by_type).
    child_nodelists = ()

    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        self.quick = [quick_lookup(value) for value in values]
        self.holes = [node for node in nodelist if isinstance(node, FreshNode)]
        # What each hole holds: rendered node by node, without the hole's own calls (a
        # variable with how to look it up quickly).
        self.hole_nodes = [
            [
                (node, quick_lookup(node.filter_expression) if type(node) is VariableNode else None)
                for node in hole.nodelist
            ]
            for hole in self.holes
        ]
        self.rendered: dict[tuple, tuple[str, ...]] = {}
        self.generation = _generation
        self.found: dict[type, list] = {}

    def get_nodes_by_type(self, nodetype):
        # Every `{% extends %}` of a page looks for the layout's blocks on each render; the
        # compiled nodes never change, so the answer is kept.
        try:
            return self.found[nodetype]
        except KeyError:
            pass
        found = [self] if isinstance(self, nodetype) else []
        for hole in self.holes:
            found.extend(hole.get_nodes_by_type(nodetype))
        self.found[nodetype] = found
        return found

    def render(self, context):
        # Each value with its type: 1, 1.0 and True are one dict key but may not show alike.
        key = [get_language(), context.autoescape]
        for node, quick in zip(self.values, self.quick, strict=True):
            value = resolve(node, quick, context)
            if (isinstance(value, str) and len(value) > MAX_KEY_CHARS) or (
                type(value) is int and value not in KEPT_INTS
            ):
                return self.nodelist.render(context)
            key += (type(value), value)
        if self.generation != _generation:
            with _lock:
                self.rendered, self.generation = {}, _generation
        try:
            kept = self.rendered[tuple(key)]
        except KeyError:
            between, output = self.render_around_holes(context)
            with _lock:
                if len(self.rendered) >= MAX_ENTRIES:
                    self.rendered = {}
                self.rendered[tuple(key)] = between
            return mark_safe("".join(output))
        except TypeError:  # a value that cannot be a key: render it every time
            return self.nodelist.render(context)
        if not self.holes:
            return kept[0]
        return SafeString("".join(self.render_holes(context, kept)))

    def render_holes(self, context, kept: tuple[str, ...]) -> list[str]:
        """The kept text with the holes rendered between, as a list of pieces."""
        html = [kept[0]]
        # Node.render_annotated only adds the template's position to an error in debug mode.
        template = context.template
        debug = template is None or template.engine.debug
        blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
        for nodes, after in zip(self.hole_nodes, kept[1:], strict=True):
            for node, quick in nodes:
                kind = type(node)
                if kind is VariableNode and not debug:
                    html += (_render_variable(node, quick, context),)
                    continue
                if kind is BlockNode and not debug:
                    nodelist = _block_shown(node, blocks).nodelist
                    if not nodelist:
                        continue  # an empty block (most pages fill two or three of the layout's)
                    if _plain(nodelist):
                        html += (nodelist.render(context),)
                        continue
                html += (node.render_annotated(context) if debug else node.render(context),)
            html += (after,)
        return html

    def render_around_holes(self, context) -> tuple[tuple[str, ...], list[str]]:
        """The text between the holes (kept, marked safe), and the whole output of this
        render, holes included."""
        between, output, current = [], [], []
        for node in self.nodelist:
            html = str(node.render_annotated(context))
            output.append(html)
            if isinstance(node, FreshNode):
                between.append(mark_safe("".join(current)))
                current = []
            else:
                current.append(html)
        between.append(mark_safe("".join(current)))
        return tuple(between), output


def _render_variable(node: VariableNode, quick, context) -> str:
    """VariableNode.render: the value resolved through template_lookup.resolve and shown
    through context_tag.shown."""
    try:
        value = resolve(node.filter_expression, quick, context)
    except UnicodeDecodeError:
        return ""
    return shown(value, context)


def _plain(nodelist) -> bool:
    """Whether a block's content renders the same without BlockNode.render's scope: text,
    variables other than `block`, and tags that set nothing (a page's title, say). Kept on
    the compiled nodelist."""
    try:
        return nodelist._core_plain
    except AttributeError:
        pass
    plain = all(_plain_node(node) for node in nodelist)
    nodelist._core_plain = plain
    return plain


def _plain_node(node) -> bool:
    if type(node) is TextNode:
        return True
    if type(node) is VariableNode:
        name = str(node.filter_expression.var)
        return name != "block" and not name.startswith("block.")
    return type(node) is ContextTagNode and not node.sets


def _block_shown(node: BlockNode, block_context) -> BlockNode:
    """The block whose content `node` renders: the page's own, the nearest template's that
    has it, or the layout's (BlockNode.render's choice, without its context pushes)."""
    if block_context is None:
        return node
    blocks = block_context.blocks.get(node.name)
    return blocks[-1] if blocks else node


def per_request_values(nodelist) -> list[str]:
    """What a body must not hold outside its holes: per-request values (a CSRF token, a CSP
    nonce), blocks (a page's own content), and holes anywhere but directly in the body."""
    kept = template.NodeList(node for node in nodelist if not isinstance(node, FreshNode))
    found = ["csrf_token" for _ in kept.get_nodes_by_type(CsrfTokenNode)]
    found += [f"block {node.name}" for node in kept.get_nodes_by_type(BlockNode)]
    found += ["a nested fresh" for _ in kept.get_nodes_by_type(FreshNode)]
    for node in kept.get_nodes_by_type(VariableNode):
        name = str(node.filter_expression.var)
        if name.split(".")[0] in PER_REQUEST:
            found.append(name)
    return found


@register.tag
def once(parser, token):
    """Render the body once per process for each combination of the given values (and the
    active language); see the module's docstring."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    if forbidden := per_request_values(nodelist):
        raise template.TemplateSyntaxError(
            f"{{% once %}} must not hold a per-request value or a block: {', '.join(forbidden)}"
        )
    return OnceNode(nodelist, values)


@register.tag
def fresh(parser, token):
    """`{% fresh %}…{% endfresh %}`: a hole in a `{% once %}` piece, rendered every time."""
    nodelist = parser.parse(("endfresh",))
    parser.delete_first_token()
    return FreshNode(nodelist)


@register.filter
def startswith(text, prefix) -> bool:
    """Whether `text` starts with `prefix`: a small key for `{% once %}` (e.g. the current
    section of the site) where the whole path would make one entry per page."""
    return str(text).startswith(prefix)

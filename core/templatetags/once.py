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
"""

import threading

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import VariableNode
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Entries one piece keeps: more than the rows of a big bank in both languages.
MAX_ENTRIES = 10_000
# A longer text among the values (something a visitor sent, say) is rendered every time
# rather than kept: memory stays bounded whatever arrives.
MAX_KEY_CHARS = 100
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


class OnceNode(template.Node):
    # Its body holds no blocks (refused when compiling), so the search for blocks that
    # every `{% extends %}` runs when it renders need not look inside.
    child_nodelists = ()

    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        self.rendered: dict[tuple, str] = {}
        self.generation = _generation

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        if any(isinstance(value, str) and len(value) > MAX_KEY_CHARS for value in values):
            return self.nodelist.render(context)
        # Each value with its type: 1, 1.0 and True are one dict key but may not show alike.
        key = (get_language(), context.autoescape, *((type(v), v) for v in values))
        if self.generation != _generation:
            with _lock:
                self.rendered, self.generation = {}, _generation
        try:
            return self.rendered[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: render it every time
            return self.nodelist.render(context)
        html = mark_safe(self.nodelist.render(context))
        with _lock:
            if len(self.rendered) >= MAX_ENTRIES:
                self.rendered = {}
            self.rendered[key] = html
        return html


def per_request_values(nodelist) -> list[str]:
    """What a body must not hold: per-request values (a CSRF token, a CSP nonce), and
    blocks (a page's own content)."""
    found = ["csrf_token" for _ in nodelist.get_nodes_by_type(CsrfTokenNode)]
    found += [f"block {node.name}" for node in nodelist.get_nodes_by_type(BlockNode)]
    for node in nodelist.get_nodes_by_type(VariableNode):
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


@register.filter
def startswith(text, prefix) -> bool:
    """Whether `text` starts with `prefix`: a small key for `{% once %}` (e.g. the current
    section of the site) where the whole path would make one entry per page."""
    return str(text).startswith(prefix)

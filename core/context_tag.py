"""Template tags without arguments, cheaper than `simple_tag(takes_context=True)`."""

import html

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString


class ContextTagNode(template.Node):
    """A tag without arguments whose function takes the context and returns markup that is
    safe as it is (or ""): `simple_tag(takes_context=True)` without resolving arguments and
    escaping what is already safe, which costs more than these tags' own work."""

    child_nodelists = ()

    def __init__(self, func, sets: tuple[str, ...] = ()):
        self.func = func
        # The context variables the function sets (none: its output is all it does).
        self.sets = sets

    def render(self, context):
        return self.func(context)


def context_tag(library: template.Library, *, sets: tuple[str, ...] = ()):
    """Register `func(context) -> safe markup` as a tag of `library` under its own name;
    `sets` names the context variables it sets, if any."""

    def register_func(func):
        def compile_tag(parser, token):
            if len(token.split_contents()) != 1:
                raise template.TemplateSyntaxError(f"{func.__name__} takes no arguments")
            return ContextTagNode(func, sets)

        library.tag(func.__name__, compile_tag)
        return func

    return register_func


def shown(value, context) -> str:
    """`value` as `{{ value }}` shows it (render_value_in_context), without localizing and
    lazy-text checks for a text or, with localization off, a whole number (which they leave
    as str() gives it)."""
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str:
        # conditional_escape(value), without its wrapper for lazy text.
        return SafeString(html.escape(value)) if context.autoescape else value
    if kind is int and context.use_l10n is False:
        return str(value)  # what number_format gives without grouping: digits only
    return render_value_in_context(value, context)

"""Template values looked up with fewer calls: what FilterExpression.resolve gives for the
common case (a name and attributes, plain filters), the template's own resolution for the
rest. For code that resolves the same expressions on every request ({% once %})."""

from django.template.base import Variable

# Filters that need more than their value (or mark what they give safe): left to Django.
FLAGS = ("expects_localtime", "needs_autoescape", "is_safe")


def quick_lookup(expression) -> tuple | None:
    """For a value named by a name and attributes with plain filters (`theme`,
    `answer.position`, `request|layout_key`): the name, the attributes and the filters'
    functions, for `resolve`; None for anything else (a literal, a translation, a filter
    with arguments or flags)."""
    var = expression.var
    if not isinstance(var, Variable) or not var.lookups or var.translate or var.message_context:
        return None
    functions = []
    for func, args in expression.filters:
        if args or any(getattr(func, flag, False) for flag in FLAGS):
            return None
        functions.append(func)
    return var.lookups[0], var.lookups[1:], functions


def resolve(expression, quick, context):
    """expression.resolve(context). With a quick lookup: the name read from the context and
    each attribute with getattr, then the filters applied, as Variable._resolve_lookup and
    FilterExpression.resolve would; anything they treat specially (a missing name or
    attribute, a callable, an object that takes [key] lookups) goes to them instead."""
    if quick is None:
        return expression.resolve(context)
    name, attributes, functions = quick
    try:
        value = context[name]
    except KeyError:
        return expression.resolve(context)  # missing: the template's rules for that
    for attribute in attributes:
        # Templates call a callable and try value[attribute] before getattr: theirs.
        if callable(value) or hasattr(type(value), "__getitem__"):
            return expression.resolve(context)
        try:
            value = getattr(value, attribute)
        except Exception:  # missing, or a property that failed: as templates treat it
            return expression.resolve(context)
    if callable(value):
        return expression.resolve(context)
    for func in functions:
        value = func(value)
    return value

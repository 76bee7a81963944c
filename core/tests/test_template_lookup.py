"""core.template_lookup.resolve gives what FilterExpression.resolve gives."""

import pytest
from django.template import Context, Engine
from django.template.base import FilterExpression, Parser
from django.utils.safestring import SafeString

from core.template_lookup import quick_lookup, resolve


class Thing:
    number = 7
    text = "<b>"
    nothing = None
    inner = None

    def method(self):
        return "called"

    @property
    def broken(self):
        raise ValueError("a property that fails")

    @property
    def silent(self):
        error = KeyError("silenced")
        error.silent_variable_failure = True
        raise error


THING = Thing()
THING.inner = Thing()
CONTEXT = {
    "thing": THING,
    "mapping": {"number": 3, "text": "from a dict"},
    "items": ["a", "b"],
    "text": "plain",
    "safe": SafeString("<i>"),
    "number": 5,
    "function": lambda: "a function's result",
}
EXPRESSIONS = [
    "text",
    "safe",
    "number",
    "missing",
    "missing.attribute",
    "thing.number",
    "thing.text",
    "thing.inner.number",
    "thing.nothing.number",
    "thing.method",
    "thing.missing",
    "thing.silent",
    "mapping.number",
    "mapping.missing",
    "items.0",
    "function",
    "text|upper",
    "text|length",
    "number|add:2",
    "thing.text|escape",
    "'literal'",
    "_('Light')",
]


@pytest.mark.parametrize("string_if_invalid", ["", "INVALID"])
@pytest.mark.parametrize("source", EXPRESSIONS)
def test_resolve_is_filter_expression_resolve(source, string_if_invalid):
    engine = Engine(string_if_invalid=string_if_invalid)
    expression = FilterExpression(source, Parser("", builtins=engine.template_builtins))
    template = engine.from_string("")
    context = Context(CONTEXT)
    context.template = template
    assert resolve(expression, quick_lookup(expression), context) == expression.resolve(context)


def test_a_failing_property_fails_as_in_templates():
    engine = Engine()
    expression = FilterExpression("thing.broken", Parser("", builtins=engine.template_builtins))
    context = Context(CONTEXT)
    context.template = engine.from_string("")
    with pytest.raises(ValueError):
        expression.resolve(context)
    with pytest.raises(ValueError):
        resolve(expression, quick_lookup(expression), context)


def test_what_has_no_quick_lookup():
    engine = Engine()
    parser = Parser("", builtins=engine.template_builtins)
    for source in ["'literal'", "_('Light')", "number|add:2", "text|escape", "3"]:
        assert quick_lookup(FilterExpression(source, parser)) is None, source
    assert quick_lookup(FilterExpression("thing.inner.number|length", parser)) is not None

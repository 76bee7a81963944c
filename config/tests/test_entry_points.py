"""The WSGI and ASGI entry points warm every app up once, before the first request; tests and
management commands, which never import them, do not pay for it."""

import importlib
import sys

import pytest

from core import serving


@pytest.fixture
def warm_ups(monkeypatch):
    """An empty list of warm-ups for the test, leaving the apps' own registrations alone."""
    functions = []
    monkeypatch.setattr(serving, "_warm_ups", functions)
    return functions


def test_feedback_registers_loading_its_word_dictionary(monkeypatch):
    import jieba

    modules = [function.__module__ for function in serving._warm_ups]
    assert any(module.startswith("feedback.") for module in modules), modules
    loads = []
    monkeypatch.setattr(jieba, "initialize", lambda: loads.append("dictionary"))
    serving.warm_up()
    assert loads == ["dictionary"]


def test_each_warm_up_runs_once_per_call_in_the_order_registered(warm_ups):
    calls = []

    def first():
        calls.append("first")

    serving.register_warm_up(first)
    serving.register_warm_up(lambda: calls.append("second"))
    serving.register_warm_up(first)  # an app loaded twice registers once
    serving.warm_up()
    assert calls == ["first", "second"]


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_a_serving_process_warms_up_when_it_loads_the_application(
    monkeypatch, warm_ups, entry_point
):
    calls = []
    serving.register_warm_up(lambda: calls.append(entry_point))
    monkeypatch.delitem(sys.modules, entry_point, raising=False)
    module = importlib.import_module(entry_point)
    assert module.application is not None
    assert calls == [entry_point]

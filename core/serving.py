"""Work a serving process does once, before its first request.

An app that would otherwise make the first request of each process slow (loading a
dictionary, say) registers a function in its AppConfig.ready; the server entry points
(config/wsgi.py, config/asgi.py) call `warm_up()` once the application is built. Management
commands and tests never import those entry points, so they do not pay for it.
"""

from collections.abc import Callable

_warm_ups: list[Callable[[], None]] = []


def register_warm_up(function: Callable[[], None]) -> None:
    """Call `function()` once in each serving process, before it answers a request."""
    if function not in _warm_ups:
        _warm_ups.append(function)


def warm_up() -> None:
    """Run every registered warm-up (called by the WSGI and ASGI entry points)."""
    for function in _warm_ups:
        function()

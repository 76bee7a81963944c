"""What a user's data export contains: the account here, and each app's own part.

Feature apps register an exporter in their AppConfig.ready; this app imports none of them.
"""

from collections.abc import Callable

_exporters: dict[str, Callable[[object], object]] = {}


def register_exporter(key: str, exporter: Callable[[object], object]) -> None:
    """`exporter(user)` returns plain, JSON-ready data stored under `key` in the export."""
    _exporters[key] = exporter


def user_data(user) -> dict:
    data = {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }
    for key, exporter in _exporters.items():
        data[key] = exporter(user)
    return data

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: htmx helpers, middleware, the home page and error pages."""

    name = "core"

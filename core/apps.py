from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: htmx helpers, middleware, the home page and error pages."""

    name = "core"

    def ready(self):
        from core import signed_in

        signed_in.connect()

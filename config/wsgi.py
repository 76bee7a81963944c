"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each serving process loads the word dictionary the key-point checks use before its first
# request, not during a candidate's submit.
from feedback.engine.statements import warm_up  # noqa: E402

warm_up()

"""Production settings refuse to start without a real secret key."""

import os
import subprocess
import sys

from django.conf import settings


def import_settings(**environment):
    """Import config.settings in a fresh interpreter with the given DJANGO_* variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= environment
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_with_secret_key_starts():
    result = import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-key-" * 2
    )
    assert result.returncode == 0, result.stderr

"""Every cookie the site sets, as production sends it: Secure, SameSite=Lax, HttpOnly.

The `tz` cookie is written by site.js: browser_tests/test_cookies.py checks it."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "interview.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}

# Runs in a fresh production process: each request that sets a cookie, over HTTPS.
VISIT = """
import json
from django.core.management import call_command
from django.test import Client, override_settings
from allauth.account.models import EmailAddress
from accounts.models import User

call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
user = User.objects.create_user("ada@example.com", "correct-horse-battery-staple")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
plain_static = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
cookies = {}
with override_settings(STORAGES=plain_static):
    client = Client(HTTP_HOST="interview.example.com")
    responses = [
        client.get("/accounts/login/", secure=True),
        client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True),
        client.post("/theme/", {"theme": "dark", "next": "/"}, secure=True),
        client.post(
            "/accounts/login/",
            {"login": "ada@example.com", "password": "correct-horse-battery-staple"},
            secure=True,
        ),
    ]
for response in responses:
    assert response.status_code in (200, 302), response.status_code
    for name, morsel in response.cookies.items():
        cookies[name] = {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
print(json.dumps(cookies))
"""


def production_cookies() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", VISIT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_cookie_is_secure_same_site_lax_and_http_only_in_production():
    cookies = production_cookies()
    assert set(cookies) >= {"csrftoken", "django_language", "theme", "sessionid"}
    for name, flags in cookies.items():
        assert flags == {"secure": True, "httponly": True, "samesite": "Lax"}, name

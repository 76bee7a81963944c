"""Production readiness: deploy checks, security headers, error pages, static files."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client


def run_manage(*args, **environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= environment
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "interview.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_deploy_check_reports_nothing():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_settings_can_be_relaxed_for_a_proxy_without_tls():
    """Behind a plain-HTTP test proxy the operator can turn redirects off; check says so."""
    result = run_manage(
        "check", "--deploy", **PRODUCTION, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0"
    )
    assert "security.W008" in result.stderr  # SSL redirect off is reported
    assert "security.W004" in result.stderr  # HSTS off is reported


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/questions/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script():
    """With a script-src of 'self' an inline script would be blocked, so there must be none."""
    html = Client().get("/questions/").content.decode()
    assert "<script>" not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0]


@pytest.mark.django_db
def test_404_uses_our_layout(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="site-header"' in body


def test_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "500" in html
    assert "site.css" in html


@pytest.mark.django_db
def test_csrf_failure_explains_itself():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Please reload the page" in response.content.decode()


@pytest.mark.slow
def test_collectstatic_hashes_and_compresses(tmp_path):
    """Production static files are hashed and pre-compressed for whitenoise."""
    result = run_manage(
        "collectstatic", "--noinput", **PRODUCTION, DJANGO_STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    css = list((tmp_path / "css").glob("site.*.css"))
    assert css, "hashed site.css missing"
    assert list((tmp_path / "css").glob("site.*.css.gz")), "compressed copy missing"
    assert (tmp_path / "staticfiles.json").exists()


def test_500_handler_falls_back_when_the_template_breaks(rf, monkeypatch):
    """If 500.html itself cannot render (e.g. a missing static manifest), still answer 500."""
    from core import views

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views, "render_to_string", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Server error" in response.content

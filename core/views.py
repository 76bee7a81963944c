"""Site-wide pages that belong to no single app."""

import logging
import sys

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST, require_safe

from core import outage
from core.theme import SYSTEM, THEME_COOKIE, THEME_COOKIE_MAX_AGE, ThemeForm

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A rejected form explains itself in our layout instead of Django's bare page."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception):
    """Our 400 page. It reads nothing of the request but its language: Django's own handler
    checks CSRF, which reads the body again, and a body that could not be read once raises
    again (a 400 became a 500)."""
    with translation.override(translation.get_language_from_request(request)):
        html = render_to_string("400.html")
    return HttpResponseBadRequest(html)


def server_error(request):
    """Our 500 page; if even that cannot render, a plain one, never a second error. An error
    that means the database is unreachable (raised by a middleware, say) gets the 503 page."""
    unavailable = outage.response_for(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    try:
        html = render_to_string("500.html")
    except Exception:  # the page of last resort must not fail
        logger.exception("500.html could not be rendered")
        html = "<!doctype html><title>Server error</title><h1>Server error (500)</h1>"
    return HttpResponseServerError(html)


@require_safe
def healthz(request):
    """A bare view: liveness checks for a load balancer, and the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def readyz(request):
    """Readiness for a load balancer: 200 when the database answers `SELECT 1`, else 503."""
    if outage.database_answers():
        return HttpResponse("ok", content_type="text/plain")
    response = HttpResponse("database unavailable", status=503, content_type="text/plain")
    response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    return response


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the admin's own pages did
    not): send them to the site's icon."""
    return redirect(static("favicon.svg"))


@require_POST
def theme_set(request):
    """Remember the light, dark or system theme in a cookie, then go back to the page."""
    form = ThemeForm(request.POST)
    if not form.is_valid():
        message = form.errors.get("theme", [""])[0]
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    response = HttpResponseRedirect(form.cleaned_data["next"] or reverse("home"))
    theme = form.cleaned_data["theme"]
    if theme == SYSTEM:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            THEME_COOKIE,
            theme,
            max_age=THEME_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response

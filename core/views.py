"""Site-wide pages that belong to no single app."""

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from questions.models import Question, Tag

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """Landing page: what the site is for and where to begin."""
    context = {
        "question_count": Question.objects.active().count(),
        "tags": Tag.objects.all(),
    }
    return render(request, "home.html", context)


def csrf_failure(request, reason=""):
    """A rejected form explains itself in our layout instead of Django's bare page."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """Our 500 page; if even that cannot render, a plain one, never a second error."""
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
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the admin's own pages did
    not): send them to the site's icon."""
    return redirect(static("favicon.svg"))

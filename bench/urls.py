"""The site's URLs, plus two reference pages the benchmark compares the hot pages with.

Between the bare view (/healthz/, which never reads the session) and a page like the
interview question, a signed-in request pays for two more things: reading the session and
the user, and rendering the layout every page shares. These pages measure each on its own.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
@login_required
def signed_in(request):
    """Reads the session and the user (as every signed-in page does) and renders nothing."""
    return HttpResponse(str(request.user.pk), content_type="text/plain")


@require_safe
@login_required
def layout(request):
    """The layout of every page (base.html: header, menu, language and theme switches,
    footer) around an empty content block."""
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/signed-in/", signed_in),
    path("bench/layout/", layout),
    path("", include("config.urls")),
]

handler500 = "core.views.server_error"

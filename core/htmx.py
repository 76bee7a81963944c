"""Small helpers for views that serve both whole pages and htmx fragments."""

from functools import wraps

from django.contrib.auth.decorators import login_required as django_login_required
from django.http import HttpResponse


def _says_true(request, name: str) -> bool:
    """Whether htmx's header `name` is "true", as django-htmx reads it, from the request's
    environ: django-htmx builds `request.headers` first, which costs more than a draft's
    whole save."""
    key = "HTTP_" + name.upper().replace("-", "_")
    if key + "_URI_AUTOENCODED" in request.META:
        return request.htmx._get_header_value(name) == "true"  # to be decoded: rare
    return request.META.get(key) == "true"


def is_htmx(request) -> bool:
    """`bool(request.htmx)`, cheaper."""
    return _says_true(request, "HX-Request")


def wants_fragment(request) -> bool:
    """True for htmx swaps; false for boosted links and history restores, which need pages."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def login_required(view):
    """Django's login_required, except for background requests of a signed-out user.

    An htmx request would follow the redirect and swap the sign-in page into the
    answer form (taking the typed text with it); a beacon cannot follow it at all.
    Both get a 401 instead, and the page keeps what it shows.
    """
    redirecting = django_login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A history restore (Back) wants a page, so it may be sent to sign in.
        restoring = _says_true(request, "HX-History-Restore-Request")
        # Only a POST carries a beacon's field (a GET's form is empty: not read at all).
        background = (is_htmx(request) and not restoring) or (
            request.method == "POST" and request.POST.get("beacon")
        )
        if background:
            if not request.user.is_authenticated:
                return HttpResponse(status=401)
            return view(request, *args, **kwargs)  # what login_required does for a user
        return redirecting(request, *args, **kwargs)

    return wrapper

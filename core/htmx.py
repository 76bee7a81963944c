"""Small helpers for views that serve both whole pages and htmx fragments."""

from functools import wraps

from django.contrib.auth.decorators import login_required as django_login_required
from django.http import HttpResponse


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
        htmx = request.htmx
        background = (htmx and not htmx.history_restore_request) or request.POST.get("beacon")
        if background and not request.user.is_authenticated:
            return HttpResponse(status=401)
        return redirecting(request, *args, **kwargs)

    return wrapper

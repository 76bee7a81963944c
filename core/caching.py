"""Responses that depend on who is signed in are never kept by a browser or a cache."""

from django.conf import settings

NO_STORE = "private, no-store"


def depends_on_session(request) -> bool:
    """Whether the response may differ per visitor: a signed-in user, or a session written."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    if session.modified:
        return True
    if session.accessed:
        # The view read the session, so the user is loaded already: asking costs nothing.
        return request.user.is_authenticated
    # The view never read the session. Loading it now would cost a query on every such
    # request (the health check); a session cookie is enough reason to play safe.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PrivateNoStoreMiddleware:
    """Send `Cache-Control: private, no-store` with responses that depend on the session.

    Back then asks the server again instead of showing a stale answer form from the browser
    cache. A view that sets Cache-Control itself is left alone; public pages seen anonymously
    keep their caching, and static files never get here (WhiteNoise answers them first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and depends_on_session(request):
            response["Cache-Control"] = NO_STORE
        return response

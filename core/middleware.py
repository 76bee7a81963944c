"""Show times in the reader's own time zone, as their browser reports it."""

import zoneinfo
from urllib.parse import unquote

from django.utils import timezone

TIMEZONE_COOKIE = "tz"


class BrowserTimezoneMiddleware:
    """Activate the IANA zone in the `tz` cookie (set by static/js/site.js), if valid.

    Without the cookie (first visit, or JavaScript off) times use TIME_ZONE. Data is
    stored in UTC either way; only what is displayed changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Older pages wrote the name percent-encoded (Asia%2FShanghai).
        name = unquote(request.COOKIES.get(TIMEZONE_COOKIE, ""))
        zone = None
        if name and len(name) < 64:
            try:
                zone = zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)

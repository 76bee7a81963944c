"""Times are shown in the browser's time zone when it tells us one."""

import pytest
from django.utils import timezone

from core.middleware import BrowserTimezoneMiddleware


def zone_during_request(rf, cookie=None):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    request = rf.get("/")
    if cookie is not None:
        request.COOKIES["tz"] = cookie
    BrowserTimezoneMiddleware(view)(request)
    return seen["zone"]


def test_a_valid_zone_from_the_cookie_is_used(rf):
    assert zone_during_request(rf, "Europe/Berlin") == "Europe/Berlin"


@pytest.mark.parametrize("cookie", [None, "", "Mars/Olympus", "../../etc/passwd", "x" * 200])
def test_missing_or_bad_zones_fall_back_to_the_site_zone(rf, settings, cookie):
    assert zone_during_request(rf, cookie) == settings.TIME_ZONE


def test_the_zone_does_not_leak_into_the_next_request(rf, settings):
    zone_during_request(rf, "America/New_York")
    assert zone_during_request(rf) == settings.TIME_ZONE


@pytest.mark.parametrize("header", ["tz=Europe/Berlin", "tz=Europe%2FBerlin"])
def test_the_cookie_header_as_browsers_send_it(rf, header):
    """Parsed from the raw Cookie header, plain or percent-encoded."""
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()

    BrowserTimezoneMiddleware(view)(rf.get("/", HTTP_COOKIE=header))
    assert seen["zone"] == "Europe/Berlin"

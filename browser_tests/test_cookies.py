"""The `tz` cookie that site.js writes: SameSite=Lax always, Secure on https pages."""

import pytest
from django.conf import settings

SITE_JS = settings.BASE_DIR / "static" / "js" / "site.js"
PAGE = '<!doctype html><html><body><script src="/static/js/site.js"></script></body></html>'


@pytest.mark.parametrize(
    ("origin", "secure"), [("https://interview.test", True), ("http://interview.test", False)]
)
def test_the_timezone_cookie_is_secure_on_https_and_same_site_lax(context, page, origin, secure):
    # The pages are served by the browser's own router, so the scheme is the test's to pick.
    def serve(route):
        if route.request.url.endswith("/static/js/site.js"):
            route.fulfill(body=SITE_JS.read_text(), content_type="text/javascript")
        else:
            route.fulfill(body=PAGE, content_type="text/html")

    page.route(f"{origin}/**", serve)
    page.goto(f"{origin}/")
    page.wait_for_function("document.cookie.includes('tz=')")
    [cookie] = [cookie for cookie in context.cookies(origin) if cookie["name"] == "tz"]
    assert cookie["secure"] is secure
    assert cookie["sameSite"] == "Lax"

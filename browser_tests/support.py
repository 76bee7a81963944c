"""Helpers the browser tests share."""

from playwright.sync_api import Page, expect


def wait_until_ready(page: Page) -> None:
    """Wait until the page is live: htmx and our scripts have wired it up, and no htmx
    request or swap is still under way (static/js/site.js sets `<html data-ready>`).

    Call it after every navigation and every swap, once something of the new page or
    fragment is visible (so the attribute read is the new document's, not the old one's),
    and before typing, clicking or pressing keys that a script must hear.
    """
    expect(page.locator("html[data-ready]")).to_be_attached()

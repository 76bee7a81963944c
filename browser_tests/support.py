"""Helpers the browser tests share."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

# How long any wait may take before it counts as a failure: generous, because CI runs on a
# busy two-core machine; a wait returns as soon as its event happens.
WAIT_SECONDS = 20


def wait_until_ready(page: Page) -> None:
    """Wait until the page is live: htmx and our scripts have wired it up, and no htmx
    request or swap is still under way (static/js/site.js sets `<html data-ready>`).

    Call it after every navigation and every swap, once something of the new page or
    fragment is visible (so the attribute read is the new document's, not the old one's),
    and before typing, clicking or pressing keys that a script must hear.
    """
    expect(page.locator("html[data-ready]")).to_be_attached()


def wait_for_server(check: Callable[[], bool], what: str) -> None:
    """Wait until `check()` (a database read) is true: for what reaches the server with no
    sign on the page, such as a beacon sent while leaving it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"the server never saw {what}")
        time.sleep(0.05)

"""A slow connection: the page is on screen before its scripts have run."""

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from interview.models import Answer

pytestmark = pytest.mark.browser

EARLY_TEXT = "Typed while the scripts were still loading: heads attend to different subspaces."


def test_text_typed_before_the_scripts_ran_is_still_autosaved(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    held = []
    # Hold back our interview script; deferred scripts (htmx too) wait for it to run.
    page.route("**/js/interview/main.js", lambda route: held.append(route))
    page.goto(f"{live_server.url}/interviews/{interview.pk}/q/1/", wait_until="commit")

    box = page.get_by_label("Your answer")
    box.fill(EARLY_TEXT)
    assert held, "the interview script was requested"
    expect(page.locator("html[data-ready]")).to_have_count(0)  # typed before the page was live

    held[0].continue_()
    wait_until_ready(page)
    expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()
    assert Answer.objects.get(interview=interview, position=1).draft_text == EARLY_TEXT

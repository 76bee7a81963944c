"""The start form in a real browser (issue 17, item 11): the estimate follows the number
while it is typed, says when fewer questions will come than asked for, and the top-up box
shows only under "Due for review"."""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready

pytestmark = pytest.mark.browser


def test_the_estimate_follows_the_number_as_it_is_typed(
    page, live_server, logged_in, question_bank, browser_log
):
    page.goto(f"{live_server.url}/interviews/")
    wait_until_ready(page)
    estimate = page.locator("#estimate")
    note = page.locator("#estimate-note")
    expect(estimate).to_have_text(re.compile(r"· 5 questions$"))
    page.get_by_role("radio", name=re.compile("Random mix")).check()
    wait_until_ready(page)

    count = page.get_by_label("Number of questions")
    count.click()
    count.press("Backspace")
    count.press_sequentially("2")  # typed, focus stays in the field: no change event yet
    expect(estimate).to_have_text(re.compile(r"· 2 questions$"))
    expect(count).to_be_focused()
    expect(note).to_be_hidden()

    # More than one topic holds: said under the estimate, not cut silently.
    wait_until_ready(page)
    page.get_by_role("checkbox", name=re.compile(r"^Diffusion models")).check()
    wait_until_ready(page)
    count.fill("")
    count.press_sequentially("9")
    expect(estimate).to_have_text(re.compile(r"· 4 questions$"))
    expect(note).to_have_text("Only 4 questions are available, not 9.")
    expect(note).to_be_visible()
    assert not browser_log.page_errors


def test_top_up_shows_only_while_due_is_chosen(page, live_server, logged_in, question_bank):
    page.goto(f"{live_server.url}/interviews/")
    wait_until_ready(page)
    top_up = page.get_by_label("Top up with new questions if fewer are due")
    page.get_by_role("radio", name=re.compile("Random mix")).check()
    expect(top_up).to_be_hidden()
    page.get_by_role("radio", name=re.compile("Due for review")).check()
    expect(top_up).to_be_visible()
    page.get_by_role("radio", name=re.compile("New questions")).check()
    expect(top_up).to_be_hidden()

"""The reveal after an answer: layout on wide and narrow screens, and untrusted text."""

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from core import clock
from interview import services

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_answer_and_model_answer_side_by_side_on_desktop_stacked_on_phone(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q06")
    answer = interview.answers.get()
    answer = services.answer_show(answer=answer, now=clock.now())
    services.answer_submit(
        answer=answer, text="Heads look at different subspaces.", now=clock.now()
    )

    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    yours = page.get_by_role("region", name="Your answer")
    model = page.get_by_role("region", name="Model answer")
    expect(yours).to_contain_text("Heads look at different subspaces.")

    page.set_viewport_size({"width": 1280, "height": 900})
    left, right = yours.bounding_box(), model.bounding_box()
    assert abs(left["y"] - right["y"]) < 1, (left, right)
    assert left["x"] + left["width"] <= right["x"], (left, right)

    page.set_viewport_size({"width": 375, "height": 800})
    top, below = yours.bounding_box(), model.bounding_box()
    assert abs(top["x"] - below["x"]) < 1, (top, below)
    assert below["y"] >= top["y"] + top["height"], (top, below)


def test_markup_in_an_answer_is_shown_as_text_and_never_runs(
    page, live_server, logged_in, start_interview, browser_log
):
    interview = start_interview("q06")
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").fill(PAYLOAD)
    page.get_by_role("button", name="Submit answer").click()

    # First as swapped in by htmx, then as rendered by the server on a fresh load.
    yours = page.get_by_role("region", name="Your answer")
    expect(yours).to_contain_text(PAYLOAD)
    expect(yours.get_by_role("img")).to_have_count(0)
    page.reload()
    expect(yours).to_contain_text(PAYLOAD)
    expect(yours.get_by_role("img")).to_have_count(0)

    # A stray image's error handler would have run before the page's load event.
    page.wait_for_load_state("load")
    wait_until_ready(page)
    assert browser_log.dialogs == []
    assert browser_log.console_errors == []

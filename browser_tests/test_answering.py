"""Answering in focus: a reduced header, a sticky clock with its total, asking before an
empty answer goes, keys that wait for the swap, an unmistakable rating and a reachable Next."""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_focus_mode_keeps_the_clock_in_sight_and_the_site_out_of_the_way(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q02", "q06", minutes=4)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Mock Interview")).to_be_visible()
    expect(page.get_by_text("Time left")).to_be_visible()
    expect(page.locator(".countdown")).to_contain_text(re.compile(r"of 04:00"))
    # Scrolled to the bottom of a long question, the clock and End are still on screen.
    page.mouse.wheel(0, 3000)
    expect(page.get_by_role("timer")).to_be_in_viewport()
    expect(page.get_by_role("button", name="End interview")).to_be_in_viewport()
    # Autosave does the saving: no button for it (there is one without JavaScript).
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_an_empty_answer_is_submitted_only_after_asking(
    page, live_server, logged_in, start_interview, browser_log
):
    interview = start_interview("q06", minutes=4)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").press("Control+Enter")  # the dialog is dismissed
    assert browser_log.dialogs == ["confirm: Your answer is empty. Submit it anyway?"]
    expect(page.get_by_role("region", name="Model answer")).to_have_count(0)

    browser_log.accept_dialogs = True
    page.get_by_label("Your answer").press("Control+Enter")
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_a_key_pressed_as_the_reveal_arrives_rates_through_htmx_and_next_is_in_reach(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q02", "q06", minutes=4)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("A text encoder, a UNet in latent space, a decoder.")
    page.get_by_label("Your answer").press("Control+Enter")
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()
    page.keyboard.press("3")  # at once: the reveal may not have settled yet
    good = page.get_by_role("button", name="Good")
    expect(good).to_have_attribute("aria-pressed", "true")
    # Only the htmx answer says "Saved: …"; a full-page POST would redirect with a message.
    expect(page.get_by_text("Saved: Good")).to_be_visible()
    expect(page.get_by_text("Rating saved.")).to_have_count(0)
    # Chosen: filled with its colour, not just outlined.
    background = good.evaluate("button => getComputedStyle(button).backgroundColor")
    other = page.get_by_role("button", name="Partly").evaluate(
        "button => getComputedStyle(button).backgroundColor"
    )
    assert background != other
    expect(page.get_by_role("link", name="Next question")).to_be_in_viewport()


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_moving_on_unrated_is_nudged_once(page, live_server, logged_in, start_interview):
    interview = start_interview("q02", "q06", minutes=4)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("Text encoder and UNet.")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()
    wait_until_ready(page)
    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text("Rate this answer before moving on?")).to_be_visible()
    assert page.url.endswith("/q/1/")
    page.get_by_role("link", name="Next question").click()  # nudged, not forced
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}], ids=["phone"])
@pytest.mark.parametrize("touch", [True])
def test_shortcut_hints_stay_off_touch_screens(page, live_server, logged_in, start_interview):
    interview = start_interview("q06", minutes=4)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    expect(page.get_by_text("submits", exact=False)).to_be_hidden()


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_on_the_summary_the_keys_rate_the_answer_in_focus(
    page, live_server, logged_in, start_interview
):
    from core import clock
    from interview import services

    interview = start_interview("q02", "q06", minutes=4)
    for answer in interview.answers.order_by("position"):
        answer = services.answer_show(answer=answer, now=clock.now())
        services.answer_submit(answer=answer, text=f"Answer {answer.position}", now=clock.now())
    page.goto(f"{live_server.url}/interviews/{interview.pk}/review/")
    wait_until_ready(page)
    second = page.locator("#answer-2")
    second.get_by_role("region", name="Model answer").click()  # into the second card
    expect(second.get_by_text("keys 1–4")).to_be_visible()
    expect(page.locator("#answer-1").get_by_text("keys 1–4")).to_be_hidden()
    page.keyboard.press("2")
    expect(second.get_by_role("button", name="Partly")).to_have_attribute("aria-pressed", "true")
    first = page.locator("#answer-1")
    expect(first.get_by_role("button", name="Partly")).to_have_attribute("aria-pressed", "false")

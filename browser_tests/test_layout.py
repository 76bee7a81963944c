"""How pages fit: a phone-sized screen, and the system's dark colour scheme."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def assert_no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_phone_pages_fit_and_the_nav_is_reachable(page, live_server, logged_in, start_interview):
    interview = start_interview("q02")
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)

    # On narrow screens the nav scrolls sideways; every link must still come into view.
    nav = page.get_by_role("navigation", name="Main")
    links = nav.get_by_role("link")
    expect(links).to_have_count(5)  # bank, interview, history, progress, account
    for link in links.all():
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert_no_horizontal_scroll(page)

    nav.get_by_role("link", name="Question bank").click()
    expect(page.get_by_role("heading", name="Question bank", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    expect(page.get_by_role("img", name=re.compile("Stable Diffusion"))).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    expect(page.get_by_role("timer")).to_be_visible()
    expect(page.get_by_role("button", name="Submit answer")).to_be_in_viewport()
    assert_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)


def luminance(css_color: str) -> float:
    """Relative luminance (0 black … 1 white) of a computed `rgb(...)` colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


@pytest.mark.parametrize(
    ("color_scheme", "dark"), [("dark", True), ("light", False)], ids=["dark", "light"]
)
def test_page_follows_the_system_colour_scheme(page, live_server, question_bank, dark):
    page.goto(f"{live_server.url}/questions/")
    background, text = page.locator("body").evaluate(
        "body => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color]"
    )
    if dark:
        assert luminance(background) < 0.05, background
        assert luminance(text) > 0.6, text
    else:
        assert luminance(background) > 0.8, background
        assert luminance(text) < 0.05, text

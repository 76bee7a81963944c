"""The theme switch: light, dark or the system's, remembered, drawn right from the first paint."""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from browser_tests.test_layout import PHONE, luminance

pytestmark = pytest.mark.browser


def background(page) -> float:
    return luminance(
        page.locator("body").evaluate("body => getComputedStyle(body).backgroundColor")
    )


@pytest.mark.parametrize("color_scheme", ["dark"])
def test_a_chosen_theme_overrides_the_system_and_is_remembered(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/")
    assert background(page) < 0.05  # the system says dark, and nothing is chosen yet
    expect(page.get_by_role("button", name="System")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Light").click()
    expect(page.get_by_role("button", name="Light")).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/questions/$"))  # back on the same page
    assert background(page) > 0.8
    expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "light")

    # Another page, straight from the server: the HTML itself carries the choice, so the
    # first paint is already light (no script decides it later).
    response = page.goto(f"{live_server.url}/questions/q01/")
    assert '<html lang="en" data-theme="light">' in response.text()
    assert background(page) > 0.8

    page.get_by_role("button", name="System").click()
    expect(page.get_by_role("button", name="System")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert background(page) < 0.05


@pytest.mark.parametrize("javascript", [False], ids=["no-js"])
def test_the_theme_switch_works_without_javascript(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/")
    assert background(page) > 0.8
    page.get_by_role("button", name="Dark").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) < 0.05
    # Code and text colours follow the page, not the system.
    text = page.locator("body").evaluate("body => getComputedStyle(body).color")
    assert luminance(text) > 0.6, text


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_theme_switch_is_in_the_phone_menu(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/")
    wait_until_ready(page)
    page.locator("summary", has_text="Menu").click()
    dark = page.get_by_role("button", name="Dark")
    expect(dark).to_be_in_viewport(ratio=1)
    dark.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) < 0.05


@pytest.mark.parametrize(
    ("color_scheme", "theme", "inverted"),
    [
        ("dark", None, True),
        ("light", None, False),
        ("light", "dark", True),
        ("dark", "light", False),
    ],
)
def test_figures_are_drawn_dark_in_the_dark_theme(
    page, context, live_server, question_bank, theme, inverted
):
    """Our figures are dark lines on white: in the dark theme they are inverted, hues kept,
    instead of glaring as white panels."""
    if theme:
        context.add_cookies([{"name": "theme", "value": theme, "url": live_server.url}])
    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    figure = page.get_by_role("img", name=re.compile("Stable Diffusion"))
    expect(figure).to_be_visible()
    applied = figure.evaluate("image => getComputedStyle(image).filter")
    if inverted:
        assert "invert" in applied and "hue-rotate" in applied, applied
    else:
        assert applied == "none", applied

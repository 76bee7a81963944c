"""The question basket in a real browser, on a wide screen and a phone: add from the bank
list and a question's page, reorder, print the paper, start the interview."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from questions.models import Question

pytestmark = pytest.mark.browser

# Set to a folder to save the README's screenshots there (docs/basket.png, docs/paper.png).
SCREENSHOTS = os.environ.get("BASKET_SCREENSHOTS", "")


@pytest.fixture
def color_scheme():
    """Light, unless the screenshots are wanted dark (BASKET_SCREENSHOTS_SCHEME=dark)."""
    return os.environ.get("BASKET_SCREENSHOTS_SCHEME", "light")


def screenshot(page, name: str, viewport, **kwargs) -> None:
    if SCREENSHOTS:
        suffix = "" if viewport["width"] == 1280 else f"-{viewport['width']}"
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}{suffix}.png"), **kwargs)


def title(slug: str) -> str:
    return Question.objects.get(slug=slug).title


def basket_button(page, slug: str):
    return page.get_by_role("button", name=re.compile(re.escape(title(slug)) + "$"))


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["wide", "phone"],
)
def test_basket_to_paper_and_interview(page, live_server, logged_in, question_bank, viewport):
    first, second = "q02", "q05"
    page.goto(f"{live_server.url}/questions/")
    wait_until_ready(page)
    button = basket_button(page, first)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(basket_button(page, first)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#basket-badge .basket-count")).to_have_text("1")
    wait_until_ready(page)
    screenshot(page, "bank", viewport)

    page.goto(f"{live_server.url}/questions/{second}/")
    wait_until_ready(page)
    basket_button(page, second).click()
    expect(basket_button(page, second)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#basket-badge .basket-count")).to_have_text("2")
    wait_until_ready(page)

    page.locator("#basket-badge").click()
    items = page.locator(".basket-item .question-title")
    expect(items).to_have_text([title(first), title(second)])
    wait_until_ready(page)
    page.get_by_role("button", name=f"Move up: {title(second)}").click()
    expect(items).to_have_text([title(second), title(first)])
    wait_until_ready(page)
    # The moved question's button keeps the focus for the next press.
    expect(page.get_by_role("button", name=f"Move down: {title(second)}")).to_be_focused()
    screenshot(page, "basket", viewport, full_page=True)

    page.get_by_role("link", name="with model answers").first.click()
    expect(page.get_by_role("heading", level=1, name="Question paper")).to_be_visible()
    questions = page.locator(".paper-question h2")
    expect(questions).to_have_text(
        [re.compile(re.escape(title(second))), re.compile(re.escape(title(first)))]
    )
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".paper-toolbar")).to_be_hidden()
    breaks = questions.evaluate_all(
        "hs => hs.map(h => getComputedStyle(h.parentElement).breakBefore)"
    )
    assert breaks == ["avoid", "page"]
    # Printed as Chromium prints it (A4, the page size the CSS asks for): the second
    # question starts a page of its own.
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    page.emulate_media(media="screen")
    screenshot(page, "paper", viewport)

    page.go_back()
    wait_until_ready(page)
    page.get_by_role("button", name="Start an interview with these 2 questions").click()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    expect(page.get_by_role("heading", name=title(second), level=1)).to_be_visible()

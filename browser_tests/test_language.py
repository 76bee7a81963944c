"""The interface language: chosen by the browser at first, then by the switcher, and kept."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["zh-CN"])
def test_chinese_browser_gets_chinese_and_can_switch_to_english(page, live_server, question_bank):
    with translation.override("zh-hans"):
        bank_in_chinese = translation.gettext("Question bank")
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    nav = page.get_by_role("navigation", name=re.compile("."))
    # While the Chinese catalog is still being written, only the language tag can be checked.
    if bank_in_chinese != "Question bank":
        expect(nav.get_by_role("link", name=bank_in_chinese, exact=True)).to_be_visible()
        assert bank_in_chinese == "题库"

    page.get_by_role("button", name=re.compile(r"^EN\b")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name=re.compile(r"^EN\b"))).to_have_attribute(
        "aria-pressed", "true"
    )
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Question bank", exact=True).click()

    # Still English on the next page, although the browser keeps asking for Chinese.
    expect(page.get_by_role("heading", name="Question bank", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name=re.compile(r"^中文")).click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(re.compile(r"/questions/$"))


def test_time_per_question_choices_follow_the_page_language(page, live_server, logged_in):
    page.goto(f"{live_server.url}/interviews/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    options = page.get_by_label("Time per question").get_by_role("option")
    expect(options.nth(1)).to_have_text("1 minute")
    expect(options.nth(2)).to_have_text("2 minutes")

"""With JavaScript turned off, everything but the live countdown still works."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("javascript", [False])]


def test_a_whole_interview_without_javascript(page, live_server, logged_in, question_bank):
    page.goto(f"{live_server.url}/interviews/")
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start", exact=True).click()

    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    answer_box = page.get_by_label("Your answer")
    answer_box.fill("Attention 的复杂度是 O(N²)。\nFlash attention 减少显存读写。")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value(re.compile("O\\(N²\\)"))

    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    expect(page.locator(".user-answer")).to_contain_text("Flash attention")  # no accessible name
    page.get_by_role("button", name="Good").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Good")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("link", name="See the summary").click()
    expect(page.get_by_role("heading", name="Interview summary")).to_be_visible()
    expect(page.get_by_role("cell", name="Skipped")).to_be_visible()


def test_the_question_bank_without_javascript(page, live_server, question_bank):
    page.goto(f"{live_server.url}/questions/")
    page.get_by_label("Search").fill("复读机")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"q=%E5%A4%8D%E8%AF%BB%E6%9C%BA"))
    expect(page.get_by_text("1 question", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("复读机")).click()
    answer = page.get_by_text("温度参数调整", exact=False)
    expect(answer).to_be_hidden()
    page.get_by_text("Show model answer").click()
    expect(answer).to_be_visible()

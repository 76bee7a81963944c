"""A whole mock interview in a real browser: sign up, answer against the clock, rate, review."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from interview.models import Answer, Interview

pytestmark = pytest.mark.browser

EMAIL = "new.candidate@example.com"
PASSWORD = "practise-out-loud-42"
FIRST_ANSWER = "Key idea first: LoRA adds a low-rank update B·A beside the frozen weight."
SECOND_ANSWER = "Multiple heads attend to different subspaces at once."


def countdown_seconds(page) -> int:
    """The countdown as a person reads it, in seconds."""
    minutes, seconds = page.get_by_role("timer").inner_text().strip().split(":")
    return int(minutes) * 60 + int(seconds)


def test_sign_up_answer_two_questions_rate_and_review(page, live_server, question_bank, mailoutbox):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    # The mailed link confirms the address and signs in.
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mailoutbox[-1].body)[0]
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # A new account lands on the start form: there is no plan to show it yet.
    expect(page.get_by_role("heading", name="Start a mock interview")).to_be_visible()
    wait_until_ready(page)
    page.get_by_label("Time per question").select_option(label="1 minute")
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start", exact=True).click()

    # Question 1: the clock starts at a minute and keeps running through a reload.
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    wait_until_ready(page)
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^(01:00|00:5\d)$"))
    first_reading = countdown_seconds(page)

    answer_box = page.get_by_label("Your answer")
    answer_box.fill(FIRST_ANSWER)
    expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value(FIRST_ANSWER)
    wait_until_ready(page)
    expect(timer).to_have_text(re.compile(r"^00:[0-5]\d$"))
    assert countdown_seconds(page) < first_reading, "the countdown restarted on reload"

    # Hands off: the page submits by itself when the time runs out. Rather than wait a
    # minute, a tab of its own has its clock jumped past the deadline.
    timer_tab = page.context.new_page()
    timer_tab.clock.install()
    timer_tab.goto(page.url)
    wait_until_ready(timer_tab)
    timer_tab.clock.fast_forward("01:01")
    expect(timer_tab.get_by_role("region", name="Your answer")).to_contain_text(FIRST_ANSWER)
    expect(timer_tab.get_by_text("Submitted automatically when the time ran out")).to_be_visible()
    timer_tab.close()
    user_answers = Answer.objects.filter(interview__user__email=EMAIL)
    assert user_answers.get(position=1).submission == Answer.Submission.TIMER

    page.reload()
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()
    wait_until_ready(page)
    page.keyboard.press("3")
    expect(page.get_by_role("button", name="Good")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Saved: Good")).to_be_visible()
    wait_until_ready(page)
    expect(page.get_by_role("link", name="Next question")).to_be_focused()  # Enter carries on

    # Question 2: submit from the keyboard, rate from the keyboard.
    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    wait_until_ready(page)
    page.get_by_label("Your answer").fill(SECOND_ANSWER)
    page.get_by_label("Your answer").press("Control+Enter")
    expect(page.get_by_role("region", name="Your answer")).to_contain_text(SECOND_ANSWER)
    wait_until_ready(page)
    expect(page.get_by_text("Submitted automatically")).to_have_count(0)
    page.keyboard.press("1")
    expect(page.get_by_role("button", name="Missed it")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="See the summary").click()
    expect(page.get_by_role("heading", name="Interview summary", level=1)).to_be_visible()
    first, second = user_answers.order_by("position")
    summary = page.get_by_role("table")
    expect(summary.get_by_role("row").filter(has_text=first.title_snapshot)).to_contain_text(
        "3 · Good"
    )
    expect(summary.get_by_role("row").filter(has_text=second.title_snapshot)).to_contain_text(
        "1 · Missed it"
    )
    expect(
        page.get_by_role("button", name="Practise the 1 question rated 1–2 again")
    ).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    interview = Interview.objects.get(user__email=EMAIL)
    started = timezone.localtime(interview.started_at).strftime("%Y-%m-%d %H:%M")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=started))
    expect(row).to_contain_text("2 / 2")
    expect(row).to_contain_text("Finished")
    row.get_by_role("link", name=started).click()
    expect(page).to_have_url(re.compile(rf"/interviews/{interview.pk}/review/$"))
    expect(page.get_by_role("heading", name="Interview summary", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=first.title_snapshot)).to_be_visible()
    expect(page.get_by_role("heading", name=second.title_snapshot)).to_be_visible()

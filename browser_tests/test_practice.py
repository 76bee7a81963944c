"""The practice loop in a real browser: a Good rating schedules the question, and it comes
back on the home page when it falls due."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready
from questions.models import Question

pytestmark = pytest.mark.browser


def test_a_good_rating_schedules_the_question_and_brings_it_back_when_due(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    title = Question.objects.get(slug="q06").title
    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("Several heads attend to different subspaces.")
    page.get_by_label("Your answer").press("Control+Enter")
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()
    wait_until_ready(page)

    good = page.get_by_role("button", name="Good")
    expect(good).to_contain_text("2 days")  # what this rating would schedule
    page.keyboard.press("3")
    expect(good).to_have_attribute("aria-pressed", "true")

    page.goto(f"{live_server.url}/questions/?status=scheduled")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))
    due = (timezone.localtime() + timedelta(days=2)).strftime("%m-%d")
    expect(card).to_contain_text(f"Next {due}")

    page.goto(live_server.url)
    plan = page.get_by_role("region", name="Due for review")
    expect(plan).to_contain_text("Nothing is due right now.")

    with time_machine.travel(timezone.now() + timedelta(days=3), tick=True):
        page.goto(live_server.url)
        expect(plan.locator(".big-number")).to_have_text("1")
        wait_until_ready(page)
        plan.get_by_role("button", name="Practise due now").click()
        expect(page.get_by_text("Question 1 of 1")).to_be_visible()
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        expect(page).to_have_url(re.compile(r"/interviews/\d+/q/1/$"))

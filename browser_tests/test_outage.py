"""While the database is down the site answers 503 (core/outage.py): the answer page says
"Reconnecting…", keeps the text, and saves it once the server answers again."""

import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from browser_tests.support import wait_for_server, wait_until_ready
from core.outage import unavailable_response
from interview.models import Answer

pytestmark = pytest.mark.browser

TEXT = "Typed while the database restarted: each head attends to its own subspace."


def outage_answer() -> dict:
    """The 503 the site sends an htmx save during an outage, as Playwright fulfils it; told
    to come back after one second rather than five, to keep the test short."""
    request = RequestFactory().post("/", headers={"HX-Request": "true", "Accept-Language": "en-US"})
    response = unavailable_response(request)
    headers = dict(response.items()) | {"Retry-After": "1"}
    return {"status": 503, "headers": headers, "body": response.content}


def test_a_save_answered_503_says_reconnecting_and_is_saved_when_the_server_is_back(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}q/1/")
    wait_until_ready(page)
    outage = {"down": True, "refused": 0}
    answer = outage_answer()

    def database(route):
        if outage["down"]:
            outage["refused"] += 1
            route.fulfill(**answer)
        else:
            route.continue_()

    page.route("**/autosave/", database)
    page.get_by_label("Your answer").fill(TEXT)
    status = page.locator("#save-status")
    expect(status).to_contain_text("Reconnecting…")
    assert outage["refused"] >= 1
    # The page retries quietly: no error notice over the question.
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_label("Your answer")).to_have_value(TEXT)

    outage["down"] = False
    expect(status).to_contain_text("Draft saved at")
    wait_for_server(
        lambda: Answer.objects.get(interview=interview, position=1).draft_text == TEXT,
        "the retried save",
    )
    expect(page.get_by_label("Your answer")).to_have_value(TEXT)

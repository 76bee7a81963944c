"""No errors in the browser console on the main pages: catches CSP blocks and broken scripts."""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_until_ready

pytestmark = pytest.mark.browser


def test_main_pages_log_no_console_errors(
    page, live_server, logged_in, start_interview, browser_log
):
    interview = start_interview("q02")

    response = page.goto(live_server.url)
    # Without the policy header a blocked inline script could not show up here at all.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/questions/")
    wait_until_ready(page)
    page.get_by_label("Topic").select_option(label="Diffusion models")  # an htmx swap
    expect(page.get_by_text("4 questions")).to_be_visible()

    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    expect(page.get_by_role("img", name="Stable Diffusion", exact=False)).to_be_visible()

    page.goto(f"{live_server.url}{interview.get_absolute_url()}")
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("Text encoder, UNet in latent space, VAE decoder.")
    expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()
    wait_until_ready(page)
    # Elements that live on across a swap may carry an inline style the browser set (a
    # resized box): htmx must not copy it back with setAttribute, which the CSP blocks.
    page.evaluate("document.getElementById('question-title').style.scrollMarginTop = '1px'")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("region", name="Model answer")).to_be_visible()
    wait_until_ready(page)
    page.evaluate("document.querySelector('textarea[name=note]').style.height = '7em'")
    page.keyboard.press("4")
    expect(page.get_by_role("button", name="Nailed it")).to_have_attribute("aria-pressed", "true")
    wait_until_ready(page)
    page.get_by_role("link", name="See the summary").click()
    expect(page.get_by_role("heading", name="Interview summary")).to_be_visible()
    wait_until_ready(page)
    page.evaluate("document.querySelector('textarea[name=note]').style.height = '7em'")
    page.get_by_role("button", name="Good").click()  # rating again on the summary
    expect(page.get_by_role("button", name="Good")).to_have_attribute("aria-pressed", "true")
    wait_until_ready(page)
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Progress", level=1)).to_be_visible()
    page.goto(live_server.url)  # today's plan
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    wait_until_ready(page)

    assert browser_log.console_errors == []
    assert browser_log.page_errors == []


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}], ids=["phone"])
def test_layout_pages_log_no_console_errors(
    page, live_server, logged_in, start_interview, browser_log
):
    """The pages the layout work touched: menu, theme switch, start form (with its htmx
    estimate), bank list, related questions, figures, progress, attempts and account."""
    from core import clock
    from interview import services

    interview = start_interview("q09-2", "q02")
    now = clock.now()
    for position, rating in [(1, 2), (2, 4)]:
        answer = services.answer_show(answer=interview.answers.get(position=position), now=now)
        answer = services.answer_submit(answer=answer, text="O(N²) attention.", now=now)
        services.answer_rate(answer=answer, rating=rating, note="", now=now)

    page.goto(f"{live_server.url}/interviews/")
    wait_until_ready(page)
    page.locator("summary", has_text="Menu").click()
    page.get_by_role("button", name="Dark").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    wait_until_ready(page)
    page.get_by_role("checkbox", name="Multimodal").check()  # an htmx swap of the estimate
    expect(page.locator("#estimate")).to_contain_text("questions")
    wait_until_ready(page)

    page.goto(f"{live_server.url}/questions/")
    expect(page.get_by_role("link", name="Q32")).to_be_visible()
    page.goto(f"{live_server.url}/questions/q32/")
    expect(page.get_by_role("heading", name="Related questions")).to_be_visible()
    page.goto(f"{live_server.url}/questions/q02/")
    page.get_by_text("Show model answer").click()
    expect(page.get_by_role("img", name="Stable Diffusion", exact=False)).to_be_visible()
    page.goto(f"{live_server.url}/history/progress/")
    expect(
        page.get_by_role("img", name="Average rating per week, last twelve weeks")
    ).to_be_visible()
    page.goto(f"{live_server.url}/history/questions/q02/")
    expect(page.get_by_role("img", name="Rating over time, oldest to newest")).to_be_visible()
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_role("heading", name="Account", level=1)).to_be_visible()

    assert browser_log.console_errors == []
    assert browser_log.page_errors == []


def hold_the_first(held: list):
    """A route handler that keeps the first matching request in flight (so a newer one
    replaces it) and lets the others through."""

    def handle(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    return handle


def test_replaced_requests_cancel_quietly_and_failures_still_show(
    page, live_server, logged_in, question_bank, browser_log
):
    page.goto(f"{live_server.url}/questions/")
    wait_until_ready(page)
    page.evaluate(
        "window.aborted = 0;"
        "document.addEventListener('htmx:sendAbort', () => { window.aborted += 1; });"
    )

    # The bank's filters: a second choice replaces the request of the first (hx-sync).
    held = []
    page.route(re.compile(r"/questions/\?"), hold_the_first(held))
    with page.expect_request(re.compile(r"/questions/\?")):
        page.get_by_label("Topic").select_option(label="Multimodal")
    page.get_by_label("Topic").select_option(label="Diffusion models")
    expect(page.get_by_text("4 questions")).to_be_visible()
    wait_until_ready(page)
    assert page.evaluate("window.aborted") == 1
    page.unroute(re.compile(r"/questions/\?"))

    # The start form's estimate: the same, for the chips ticked one after the other.
    page.goto(f"{live_server.url}/interviews/")
    wait_until_ready(page)
    page.evaluate(
        "window.aborted = 0;"
        "document.addEventListener('htmx:sendAbort', () => { window.aborted += 1; });"
    )
    held = []
    page.route(re.compile(r"estimate=1"), hold_the_first(held))
    topics = page.get_by_role("group", name="Topics")
    with page.expect_request(re.compile(r"estimate=1")):
        topics.get_by_role("checkbox", name=re.compile("^Multimodal")).check()
    topics.get_by_role("checkbox", name=re.compile("^Diffusion models")).check()
    expect(page.locator("#estimate")).to_contain_text("questions")
    wait_until_ready(page)
    assert page.evaluate("window.aborted") >= 1
    page.unroute(re.compile(r"estimate=1"))
    assert browser_log.console_errors == []

    # A request that truly fails is still logged, and the reader is told.
    page.route(re.compile(r"estimate=1"), lambda route: route.abort("failed"))
    topics.get_by_role("checkbox", name=re.compile("^Multimodal")).uncheck()
    expect(page.get_by_role("alert")).to_contain_text("Could not reach the server")
    assert any("htmx:sendError" in error for error in browser_log.console_errors)
    assert not any("htmx:sendAbort" in error for error in browser_log.console_errors)
    assert browser_log.page_errors == []

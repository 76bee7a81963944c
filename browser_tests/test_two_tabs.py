"""What a person types survives a second tab and leaving the page before autosave runs."""

import pytest
from playwright.sync_api import expect

from browser_tests.support import wait_for_server, wait_until_ready
from interview.models import Answer

pytestmark = pytest.mark.browser

TAB_A_TEXT = "Typed in the newer tab: attention cost grows with the square of the length."


def question_url(live_server, interview) -> str:
    return f"{live_server.url}/interviews/{interview.pk}/q/1/"


def test_an_idle_older_tab_submits_the_newer_draft_typed_in_another_tab(
    page, context, live_server, logged_in, start_interview
):
    interview = start_interview("q09-2", minutes=5)
    older = context.new_page()
    older.goto(question_url(live_server, interview))  # opened first, never typed in
    expect(older.get_by_label("Your answer")).to_have_value("")
    wait_until_ready(older)

    page.goto(question_url(live_server, interview))
    wait_until_ready(page)
    page.get_by_label("Your answer").fill(TAB_A_TEXT)
    expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()

    # The older tab still shows an empty box; submitting from it must not erase the answer.
    older.once("dialog", lambda dialog: dialog.accept())  # "Your answer is empty. Submit?"
    older.get_by_role("button", name="Submit answer").click()
    expect(older.get_by_role("region", name="Your answer")).to_contain_text(TAB_A_TEXT)
    assert Answer.objects.get(interview=interview, position=1).submitted_text == TAB_A_TEXT


def test_text_typed_just_before_leaving_the_page_is_saved(
    page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    page.goto(question_url(live_server, interview))
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("Left the page at once, before the 2 s autosave.")
    page.goto(f"{live_server.url}/questions/")  # hides the page: the beacon sends the draft
    wait_for_server(
        lambda: Answer.objects.get(interview=interview, position=1).draft_text != "",
        "the draft sent by the beacon",
    )

    page.goto(question_url(live_server, interview))
    expect(page.get_by_label("Your answer")).to_have_value(
        "Left the page at once, before the 2 s autosave."
    )


def test_the_timer_submits_even_after_end_was_clicked_and_cancelled(
    page, live_server, logged_in, start_interview, browser_log
):
    """The automatic submit must press Submit, not whichever button was used last."""
    interview = start_interview("q06", "q01", minutes=5)
    page.clock.install()  # so the test can jump past the deadline instead of waiting for it
    page.goto(question_url(live_server, interview))
    wait_until_ready(page)
    page.get_by_label("Your answer").fill("Heads look at different subspaces.")
    page.get_by_role("button", name="End interview").click()  # the dialog is dismissed
    assert browser_log.dialogs, "ending asks first"
    page.clock.fast_forward("05:01")
    expect(page.get_by_text("Submitted automatically when the time ran out")).to_be_visible()
    interview.refresh_from_db()
    assert interview.state == interview.State.IN_PROGRESS
    answer = Answer.objects.get(interview=interview, position=1)
    assert answer.status == Answer.Status.SUBMITTED
    assert answer.submitted_text == "Heads look at different subspaces."

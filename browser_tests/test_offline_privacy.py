"""Text kept on this device for the offline case belongs to the user who typed it: another
user's pages never offer it, and it goes as soon as a page learns the session is gone
(static/js/local-drafts.js). A page that could not be loaded at all leaves it alone: that
is the case it is kept for (browser_tests/test_offline.py)."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from browser_tests.conftest import PASSWORD
from browser_tests.support import wait_for_server, wait_until_ready
from core import clock
from interview.models import Answer
from interview.tests.factories import interview_with
from questions.models import Question

pytestmark = pytest.mark.browser

FIRST_TEXT = "Typed offline by the first candidate: residual connections ease gradients."
SECOND_TEXT = "Typed offline by the second candidate: layer norm steadies training."
KEPT = "Offline: what you type is kept on this device"
STORED_DRAFTS = "Object.keys(localStorage).filter(name => name.startsWith('mockinterview:draft:'))"


def sign_in_as(context, live_server, user) -> None:
    """Swap the browser's session for `user`'s, as if they had signed in on this computer
    while the previous session lapsed, without any signed-out page in between."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def question_url(live_server, interview) -> str:
    return f"{live_server.url}{interview.get_absolute_url()}q/1/"


def type_offline(context, page, url: str, text: str) -> None:
    """Type `text` into the answer at `url` with the network down, so it waits on this
    device; then close the tab and bring the network back."""
    page.goto(url)
    wait_until_ready(page)
    context.set_offline(True)
    page.get_by_label("Your answer").fill(text)
    expect(page.get_by_text(KEPT)).to_be_visible()
    assert page.evaluate(STORED_DRAFTS), "the text was not kept on this device"


def stored_texts(page) -> str:
    return page.evaluate(
        "Object.keys(localStorage).filter(name => name.startsWith('mockinterview:draft:'))"
        ".map(name => localStorage.getItem(name)).join('\\n')"
    )


@pytest.fixture
def second_user(transactional_db):
    return User.objects.create_user("second@example.com", PASSWORD)


def test_another_user_on_the_same_browser_is_never_offered_the_first_users_text(
    context, page, live_server, logged_in, start_interview, second_user
):
    first = start_interview("q06", minutes=5)
    second = interview_with(second_user, [Question.objects.get(slug="q07")], now=clock.now())
    type_offline(context, page, question_url(live_server, first), FIRST_TEXT)
    # Give the first user's copy the key the second user's answer has (as ids reused after
    # a database restore would): only whose copy it is may keep it off their page.
    page.evaluate(
        """([from, to]) => {
          for (const name of Object.keys(localStorage)) {
            if (name.startsWith('mockinterview:draft:') && name.endsWith(from)) {
              localStorage.setItem(name.slice(0, -from.length) + to, localStorage.getItem(name));
            }
          }
        }""",
        [f"{first.pk}-1", f"{second.pk}-1"],
    )
    page.close()
    context.set_offline(False)

    sign_in_as(context, live_server, second_user)
    theirs = context.new_page()
    theirs.goto(question_url(live_server, second))
    wait_until_ready(theirs)
    expect(theirs.get_by_role("textbox", name="Your answer")).to_have_value("")
    expect(theirs.locator("[data-local-notice]")).to_be_hidden()
    assert FIRST_TEXT not in stored_texts(theirs)
    assert Answer.objects.get(interview=second, position=1).draft_text == ""

    # The second user's own offline text still comes back to them.
    type_offline(context, theirs, question_url(live_server, second), SECOND_TEXT)
    theirs.close()
    context.set_offline(False)
    reopened = context.new_page()
    reopened.goto(question_url(live_server, second))
    wait_until_ready(reopened)
    expect(reopened.get_by_role("textbox", name="Your answer")).to_have_value(SECOND_TEXT)
    wait_for_server(
        lambda: Answer.objects.get(interview=second, position=1).draft_text == SECOND_TEXT,
        "the restored text",
    )


def test_after_deleting_the_account_nothing_typed_remains_on_the_device(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    type_offline(context, page, question_url(live_server, interview), FIRST_TEXT)
    page.close()
    context.set_offline(False)

    account = context.new_page()
    account.goto(f"{live_server.url}/account/delete/")
    wait_until_ready(account)
    assert account.evaluate(STORED_DRAFTS), "the copy should wait while the user is signed in"
    account.get_by_label("Your password").fill(PASSWORD)
    account.get_by_role("button", name="Delete everything").click()
    expect(account.get_by_text("Your account and all its data have been deleted.")).to_be_visible()
    wait_until_ready(account)
    assert not User.objects.filter(pk=logged_in.pk).exists()
    assert account.evaluate(STORED_DRAFTS) == []


def test_sending_the_delete_form_forgets_the_copies_even_if_no_answer_comes(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    type_offline(context, page, question_url(live_server, interview), FIRST_TEXT)
    page.close()
    context.set_offline(False)

    account = context.new_page()
    account.goto(f"{live_server.url}/account/delete/")
    wait_until_ready(account)
    # The deletion is sent, but its answer (the signed-out page) never arrives.
    account.route(
        "**/account/delete/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    account.get_by_label("Your password").fill(PASSWORD)
    with account.expect_request(lambda request: request.method == "POST"):
        account.get_by_role("button", name="Delete everything").click()
    account.close()

    # Still signed in (the request never got through), on a page of the same user.
    later = context.new_page()
    later.goto(f"{live_server.url}/questions/")
    wait_until_ready(later)
    assert later.evaluate(STORED_DRAFTS) == []


def test_a_session_ended_on_the_server_clears_the_copies_at_the_next_save(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    type_offline(context, page, question_url(live_server, interview), FIRST_TEXT)
    # Signed out elsewhere (another tab, an administrator, expiry): the session is gone.
    Session.objects.all().delete()
    context.set_offline(False)  # the page retries its save at once, and is refused
    expect(page.get_by_text("Your session has expired.")).to_be_visible()
    page.wait_for_function(
        "() => !Object.keys(localStorage).some(n => n.startsWith('mockinterview:draft:'))"
    )
    # Typing on keeps nothing more on this device; the text is still on the page.
    page.get_by_label("Your answer").press_sequentially(" More.")
    assert page.evaluate(STORED_DRAFTS) == []
    expect(page.get_by_label("Your answer")).to_have_value(FIRST_TEXT + " More.")


def test_a_page_served_to_a_signed_out_browser_clears_the_copies(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    type_offline(context, page, question_url(live_server, interview), FIRST_TEXT)
    page.close()
    context.set_offline(False)
    context.clear_cookies()  # the session cookie expired, or was cleared

    signed_out = context.new_page()
    signed_out.goto(f"{live_server.url}/accounts/login/")
    wait_until_ready(signed_out)
    assert signed_out.evaluate(STORED_DRAFTS) == []

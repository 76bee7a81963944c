"""Nothing typed is lost while the connection or the server is down: the text waits on
this device, and comes back when the page is reopened."""

import os
import re
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import expect

from browser_tests.support import WAIT_SECONDS, wait_for_server, wait_until_ready
from interview.models import Answer

pytestmark = pytest.mark.browser

OFFLINE_TEXT = "Typed on a train: heads attend to different subspaces in parallel."
DOWN_TEXT = "Typed while the server restarted: scaled dot-product attention per head."


def answer_text(interview) -> str:
    return Answer.objects.get(interview=interview, position=1).draft_text


def test_offline_typing_and_submit_survive_closing_the_tab(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    url = f"{live_server.url}{interview.get_absolute_url()}q/1/"
    page.goto(url)
    wait_until_ready(page)

    context.set_offline(True)
    page.get_by_label("Your answer").fill(OFFLINE_TEXT)
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Not sent: you seem to be offline.")).to_be_visible()
    page.close()  # the beacon sent on leaving may or may not get out: either way is fine
    assert Answer.objects.get(interview=interview, position=1).status == Answer.Status.ACTIVE

    context.set_offline(False)
    reopened = context.new_page()
    reopened.goto(url)
    wait_until_ready(reopened)
    if Answer.objects.get(interview=interview, position=1).status == Answer.Status.SUBMITTED:
        # The owed Submit went out as the closing tab came back online: also right.
        expect(reopened.get_by_role("region", name="Your answer")).to_contain_text(OFFLINE_TEXT)
    else:
        box = reopened.get_by_role("textbox", name="Your answer")
        expect(box).to_have_value(OFFLINE_TEXT)
        # Whether the text came back from this device or from the beacon, the owed Submit
        # is said.
        expect(
            reopened.get_by_text(re.compile("tried to submit|You pressed Submit at"))
        ).to_be_visible()
        wait_for_server(lambda: answer_text(interview) == OFFLINE_TEXT, "the restored text")
        # Submitting now works.
        reopened.get_by_role("button", name="Submit answer").click()
        expect(reopened.get_by_role("region", name="Your answer")).to_contain_text(OFFLINE_TEXT)
    wait_until_ready(reopened)
    assert Answer.objects.get(interview=interview, position=1).submitted_text == OFFLINE_TEXT
    # The copy on this device is forgotten once the server has the answer.
    kept = reopened.evaluate("Object.keys(localStorage).filter(k => k.includes('draft'))")
    assert kept == []


def test_a_save_that_failed_is_retried_when_the_connection_returns(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    page.goto(f"{live_server.url}{interview.get_absolute_url()}q/1/")
    wait_until_ready(page)
    context.set_offline(True)
    page.get_by_label("Your answer").fill(OFFLINE_TEXT)
    expect(page.get_by_text("Offline: what you type is kept on this device")).to_be_visible()
    context.set_offline(False)
    wait_for_server(lambda: answer_text(interview) == OFFLINE_TEXT, "the retried save")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as a URL another process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


class ServerProcess:
    """The site served by a process of its own, so a test can stop and restart it."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        env = os.environ | {"DATABASE_URL": database_url(), "DJANGO_DEBUG": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server process did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=WAIT_SECONDS)
            self.process = None


@pytest.fixture
def server_process(transactional_db):
    server = ServerProcess()
    server.start()
    yield server
    server.stop()


def test_text_typed_while_the_server_restarts_is_kept_and_saved(
    context, page, server_process, user, start_interview
):
    interview = start_interview("q06", minutes=5)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": server_process.url}])
    url = f"{server_process.url}{interview.get_absolute_url()}q/1/"
    page.goto(url)
    wait_until_ready(page)

    server_process.stop()
    page.get_by_label("Your answer").fill(DOWN_TEXT)
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Not sent: you seem to be offline.")).to_be_visible()
    page.close()

    server_process.start()
    reopened = context.new_page()
    reopened.goto(url)
    wait_until_ready(reopened)
    expect(reopened.get_by_label("Your answer")).to_have_value(DOWN_TEXT)
    wait_for_server(lambda: answer_text(interview) == DOWN_TEXT, "the restored text")


def test_back_shows_the_question_as_it_is_now_not_a_stale_copy(
    context, page, live_server, logged_in, start_interview
):
    interview = start_interview("q06", minutes=5)
    url = f"{live_server.url}{interview.get_absolute_url()}q/1/"
    page.goto(url)
    wait_until_ready(page)
    page.goto(f"{live_server.url}/questions/")

    other = context.new_page()  # meanwhile the answer is submitted from another tab
    other.goto(url)
    wait_until_ready(other)
    other.get_by_label("Your answer").fill("Submitted from the other tab.")
    other.get_by_role("button", name="Submit answer").click()
    expect(other.get_by_role("region", name="Model answer")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("region", name="Your answer")).to_contain_text(
        "Submitted from the other tab."
    )
    expect(page.get_by_role("textbox", name="Your answer")).to_have_count(0)  # no stale box

"""Real-browser fixtures: one Chromium per session, a fresh context and page per test.

Playwright's sync API keeps an event loop running in the test thread, so Django would
refuse the tests' ORM calls as "async-unsafe". They are safe: no Django code runs on that
loop, hence DJANGO_ALLOW_ASYNC_UNSAFE below.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from browser_tests.support import WAIT_SECONDS  # noqa: E402

expect.set_options(timeout=WAIT_SECONDS * 1000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_MISSING = f"Chromium is not installed at {CHROMIUM}; run `apt-get install chromium`."
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
PASSWORD = "practise-out-loud-42"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see if the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; skipped (or failed on CI) when it is not installed."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Per-test browser settings; override one with `@pytest.mark.parametrize("locale", [...])`.
@pytest.fixture
def locale():
    return "en-US"


@pytest.fixture
def color_scheme():
    return "light"


@pytest.fixture
def viewport():
    return {"width": 1280, "height": 900}


@pytest.fixture
def javascript():
    return True


@pytest.fixture
def touch():
    """A touch screen without a fine pointer (a phone), instead of a mouse."""
    return False


@pytest.fixture
def context(browser, locale, color_scheme, viewport, javascript, touch):
    """A fresh browser profile for each test: no cookies or storage carried over."""
    context = browser.new_context(
        locale=locale,
        color_scheme=color_scheme,
        viewport=viewport,
        java_script_enabled=javascript,
        extra_http_headers={"Accept-Language": locale},
        has_touch=touch,
        is_mobile=touch,
    )
    context.set_default_timeout(WAIT_SECONDS * 1000)
    yield context
    context.close()


@dataclass
class BrowserLog:
    """What the page said that a person would not see: console errors, crashes, dialogs."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    # Dialogs are dismissed, unless a test says to accept them.
    accept_dialogs: bool = False


@pytest.fixture
def browser_log():
    return BrowserLog()


@pytest.fixture
def page(request, context, browser_log):
    """A page that records console errors and dialogs, and leaves evidence when a test fails."""
    page = context.new_page()

    def record_console(message):
        if message.type == "error":
            where = message.location.get("url") or page.url
            browser_log.console_errors.append(f"{message.text} [{where}]")

    page.on("console", record_console)
    page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))

    def record_dialog(dialog):
        browser_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        if browser_log.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", record_dialog)
    yield page
    reports = [getattr(request.node, f"report_{when}", None) for when in ("setup", "call")]
    if any(report is not None and report.failed for report in reports):
        save_artifacts(page, request.node.nodeid)


def save_artifacts(page, nodeid: str) -> None:
    """Write a screenshot and the page's HTML named after the test, and print where."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    screenshot = ARTIFACTS / f"{stem}.png"
    html = ARTIFACTS / f"{stem}.html"
    try:
        page.screenshot(path=screenshot, full_page=True)
        html.write_text(page.content(), encoding="utf-8")
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"\nCould not save browser artifacts for {nodeid}: {error}")
        return
    print(f"\nBrowser artifacts for {nodeid}:\n  screenshot: {screenshot}\n  html:       {html}")


@pytest.fixture
def question_bank(transactional_db):
    """The committed question bank, loaded into the (flushed) test database."""
    call_command("loaddata", settings.BASE_DIR / "fixtures" / "questions.json", verbosity=0)


@pytest.fixture
def user(transactional_db):
    from accounts.models import User

    return User.objects.create_user("candidate@example.com", PASSWORD)


@pytest.fixture
def logged_in(context, live_server, user):
    """Sign `user` in by handing the browser a session cookie; the main flow signs up by hand."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    return user


@pytest.fixture
def start_interview(question_bank, user):
    """Start an interview for `user` on the given questions, as the start page would."""
    from core import clock
    from interview.tests.factories import interview_with
    from questions.models import Question

    def start(*slugs: str, minutes: int = 1):
        questions = [Question.objects.get(slug=slug) for slug in slugs]
        return interview_with(user, questions, now=clock.now(), minutes=minutes)

    return start

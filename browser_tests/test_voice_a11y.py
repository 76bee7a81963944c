"""axe (axe-core, through axe-playwright-python) on voice's parts of the pages: the
recorder on the answer page (speaking first and both, idle and recording), the review
page's player and figures, the attempts page with two recordings, and the start form's
"Answer by" choice; in Chinese and English, light and dark, and on a 375 px phone.

Only what voice adds is judged: a serious or critical violation counts when the same page
without voice (typed, or with voice's sections taken out) does not have it too. What the
pages have without voice is printed (`pytest -s`), not failed: other apps' pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser_tests import voice_support
from browser_tests.support import wait_until_ready
from browser_tests.voice_support import fake_voices, recorder, wait_for_chunks_sent
from voice.models import AnswerMode, InterviewVoice

pytestmark = pytest.mark.browser

# The fake microphone (to check the recorder while it records), and recorded attempts.
browser = voice_support.browser
spoken_clip = voice_support.spoken_clip
recorded_attempts = voice_support.recorded_attempts

SERIOUS = ("serious", "critical")
# Voice's sections, taken out of a page to see it without voice.
VOICE_PARTS = ".voice-panel, .playback, .attempt-recordings, .answer-mode"

axe = Axe()
# No preloading: axe would fetch the stylesheets @imported by site.css from the wrong URL.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


def violations(page) -> dict[str, list[dict]]:
    """The page's serious and critical violations: rule id -> nodes (html, target)."""
    found = {}
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        if violation["impact"] in SERIOUS:
            found[violation["id"]] = [
                {"html": node["html"], "target": " ".join(map(str, node["target"]))}
                for node in violation["nodes"]
            ]
    return found


def new_violations(found, baseline) -> dict[str, list[dict]]:
    """What `found` has that the baseline does not (same element: same html or target)."""
    new = {}
    for rule, nodes in found.items():
        known = baseline.get(rule, [])
        htmls = {node["html"] for node in known}
        targets = {node["target"] for node in known}
        fresh = [n for n in nodes if n["html"] not in htmls and n["target"] not in targets]
        if fresh:
            new[rule] = fresh
    return new


def without_voice(page) -> dict[str, list[dict]]:
    """The violations of this page with voice's sections taken out (and reported)."""
    page.evaluate("s => document.querySelectorAll(s).forEach((e) => e.remove())", VOICE_PARTS)
    return report_baseline(page, violations(page))


def report_baseline(page, baseline):
    if baseline:
        where = page.url.split("/", 3)[-1]
        print(f"\nWithout voice, /{where} already has: {sorted(baseline)}")
        for rule, nodes in baseline.items():
            for node in nodes[:3]:
                print(f"  {rule}: {node['target']} {node['html'][:120]}")
    return baseline


def assert_nothing_new(page, baseline, what: str) -> None:
    new = new_violations(violations(page), baseline)
    assert not new, f"{what}: {new}"


def visit(page, url: str) -> None:
    page.goto(url)
    wait_until_ready(page)


@pytest.fixture
def answer_pages(start_interview, logged_in):
    """`make(mode)`: the URL of a question being answered, in that mode (None: typed)."""

    def make(mode=None):
        interview = start_interview("q06", minutes=5)
        if mode:
            InterviewVoice.objects.create(interview=interview, answer_mode=mode)
        return f"{interview.get_absolute_url()}q/1/"

    return make


def check_answer_pages(page, live_server, answer_pages, *, record: bool) -> None:
    fake_voices(page, ["zh-CN", "en-US"])  # so that Read aloud shows
    visit(page, live_server.url + answer_pages())
    baseline = report_baseline(page, violations(page))
    for mode in (AnswerMode.SPEAK, AnswerMode.BOTH):
        visit(page, live_server.url + answer_pages(mode))
        expect(recorder(page)).to_have_attribute("data-state", "idle")
        expect(page.locator("[data-voice-read]")).to_be_visible()
        assert_nothing_new(page, baseline, f"the recorder ({mode})")
    if record:
        page.locator("[data-voice-record]").click()
        expect(recorder(page)).to_have_attribute("data-state", "recording")
        wait_for_chunks_sent(page, 1)
        assert_nothing_new(page, baseline, "the recorder, recording")
        page.locator("[data-voice-pause]").click()
        expect(recorder(page)).to_have_attribute("data-state", "paused")
        assert_nothing_new(page, baseline, "the recorder, paused")
        page.locator("[data-voice-stop]").click()
        expect(recorder(page)).to_have_attribute("data-state", "saved")
        assert_nothing_new(page, baseline, "the recorder, saved")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_voice_adds_no_violation(page, live_server, answer_pages, recorded_attempts):
    check_answer_pages(page, live_server, answer_pages, record=True)

    # The review page with the player and the figures.
    (answer,) = recorded_attempts(1)
    visit(page, f"{live_server.url}/interviews/{answer.interview_id}/review/")
    expect(page.locator(".playback audio")).to_have_count(1)
    found = violations(page)
    assert not new_violations(found, without_voice(page)), found

    # The attempts page with two recordings (and the first one).
    recorded_attempts(1)
    visit(page, f"{live_server.url}/history/questions/{answer.question.slug}/")
    expect(page.locator(".attempt-recordings audio")).to_have_count(2)
    expect(page.locator(".pair-controls")).to_be_visible()
    found = violations(page)
    assert not new_violations(found, without_voice(page)), found

    # The start form with the choice of how to answer.
    visit(page, f"{live_server.url}/interviews/")
    expect(page.locator(".answer-mode")).to_be_visible()
    found = violations(page)
    assert not new_violations(found, without_voice(page)), found


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}])
@pytest.mark.parametrize(
    ("locale", "color_scheme"), [("zh-CN", "dark"), ("en-US", "light")], ids=["zh-dark", "en"]
)
def test_the_recorder_on_a_phone_adds_no_violation(page, live_server, answer_pages):
    check_answer_pages(page, live_server, answer_pages, record=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

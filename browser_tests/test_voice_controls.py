"""The recorder's controls and limits in a real Chromium with a fake microphone: time
running out stops it and submits the answer, pause leaves the clock and the figures alone,
the recording cap stops it with a reason, everything works from the keyboard; and one
recording of a question's attempts is deleted while its written answer stays."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from browser_tests import voice_support
from browser_tests.support import wait_for_server, wait_until_ready
from browser_tests.voice_support import (
    GAP_SECONDS,
    fake_voices,
    open_question,
    recorded_seconds,
    recorder,
    wait_for_chunks_sent,
)
from core import clock
from interview.models import Answer
from voice.models import Recording, RecordingPart

pytestmark = pytest.mark.browser

# The fake microphone, interviews answered out loud, recorded attempts.
browser = voice_support.browser
spoken_clip = voice_support.spoken_clip
speak_interview = voice_support.speak_interview
recorded_attempts = voice_support.recorded_attempts

# How long the pause test stays paused: longer than any silence in the clip, so a pause
# counted as silence would show as the longest pause.
PAUSE_SECONDS = GAP_SECONDS + 2


def the_part(answer):
    """Wait until the answer's one recording part is finished (joined); return it."""
    parts = RecordingPart.objects.filter(recording__answer=answer)
    wait_for_server(parts.filter(finished_at__isnull=False).exists, "the part finished")
    return parts.get()


def wait_seconds_in_page(page, seconds: float) -> None:
    """Let `seconds` of the page's own clock pass (for what must NOT change meanwhile)."""
    end = page.evaluate("performance.now()") + seconds * 1000
    page.wait_for_function("end => performance.now() >= end", arg=end)


def test_time_up_stops_the_recorder_and_submits_the_answer(
    page, live_server, logged_in, speak_interview
):
    interview = speak_interview()
    url = f"{live_server.url}{interview.get_absolute_url()}q/1/"
    open_question(page, url)  # shown: its time runs
    answer = Answer.objects.get(interview=interview, position=1)
    # Most of the five minutes have gone: a few seconds are left.
    Answer.objects.filter(pk=answer.pk).update(deadline=clock.now() + timedelta(seconds=8))
    open_question(page, url)
    page.get_by_role("button", name="Record", exact=True).click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    wait_for_chunks_sent(page, 1)

    expect(page.get_by_text("Submitted automatically when the time ran out")).to_be_visible()
    answer.refresh_from_db()
    assert answer.submission == Answer.Submission.TIMER
    part = the_part(answer)  # the recorder stopped and its last chunk and finish landed
    assert 2 < part.duration_ms / 1000 < 9, part.duration_ms
    assert part.bytes_total > 0 and part.file


def test_pause_stops_the_clock_and_the_figures_leave_it_out(
    page, live_server, logged_in, speak_interview
):
    interview = speak_interview()
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    began = page.evaluate("performance.now()")
    page.get_by_role("button", name="Record", exact=True).click()
    wait_for_chunks_sent(page, 1)

    page.get_by_role("button", name="Pause").click()
    expect(recorder(page)).to_have_attribute("data-state", "paused")
    resume = page.get_by_role("button", name="Resume")
    expect(resume).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Paused. Resume to go on recording.")).to_be_visible()
    held = recorded_seconds(page)
    wait_seconds_in_page(page, PAUSE_SECONDS)
    assert recorded_seconds(page) == held  # the clock stood still

    resume.click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    sent = int(recorder(page).get_attribute("data-chunks-sent"))
    wait_for_chunks_sent(page, sent + 2)
    assert recorded_seconds(page) > held
    page.get_by_role("button", name="Stop").click()
    expect(recorder(page)).to_have_attribute("data-state", "saved")
    wall = (page.evaluate("performance.now()") - began) / 1000

    answer = Answer.objects.get(interview=interview, position=1)
    part = the_part(answer)
    recording = Recording.objects.get(answer=answer)
    recorded = part.duration_ms / 1000
    assert recorded < wall - PAUSE_SECONDS + 1, (recorded, wall)
    assert abs(recorded - recorded_seconds(page)) <= 1
    # The pause is neither recorded time nor silence.
    assert recording.longest_pause_ms / 1000 < GAP_SECONDS + 1
    assert recording.speaking_ms <= part.duration_ms


def test_stopping_at_once_leaves_the_recorder_ready(page, live_server, logged_in, speak_interview):
    """Record, Pause and Stop in a blink: there may be no audio at all, which is no error."""
    interview = speak_interview()
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    page.get_by_role("button", name="Record", exact=True).click()
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Stop").click()
    expect(recorder(page)).to_have_attribute("data-state", re.compile(r"^(idle|saved)$"))
    expect(page.get_by_role("alert")).to_be_hidden()
    record = page.locator("[data-voice-record]")
    expect(record).to_be_enabled()
    record.click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    wait_for_chunks_sent(page, 1)


@pytest.mark.parametrize(
    ("limit", "value", "reason"),
    [
        ("max_seconds", 4, "Recording stopped at the limit of 00:04 for one answer."),
        ("answer_bytes", 1, "Recording stopped: this answer’s audio reached its size limit."),
    ],
    ids=["time", "size"],
)
def test_the_recording_cap_stops_it_and_says_why(
    page, live_server, logged_in, speak_interview, limit, value, reason
):
    interview = speak_interview()

    def small_limit(route):
        """The server's state with one limit made small (the page stops at what it says)."""
        response = route.fetch()
        state = response.json()
        state["limits"][limit] = value
        route.fulfill(response=response, json=state)

    page.route(f"**/voice/answers/{interview.pk}/1/state/", small_limit)
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(recorder(page)).to_have_attribute("data-state", "saved")
    expect(page.get_by_role("status").filter(has_text=reason)).to_contain_text("Recording saved")
    part = the_part(Answer.objects.get(interview=interview, position=1))
    if limit == "max_seconds":
        assert 3.5 < part.duration_ms / 1000 < 5.5, part.duration_ms
    # Record again adds nothing past the time cap; below the size cap it may go on.
    if limit == "max_seconds":
        page.get_by_role("button", name="Continue recording").click()
        expect(page.get_by_role("status").filter(has_text=reason)).to_be_visible()
        assert recorder(page).get_attribute("data-state") == "saved"


def focus_is_visible(locator) -> bool:
    """The element has the focus, from the keyboard, and shows it (an outline or a ring)."""
    return locator.evaluate(
        """el => {
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          return el === document.activeElement && el.matches(":focus-visible")
            && (outline || style.boxShadow !== "none");
        }"""
    )


def tab_to(page, locator, *, key="Tab", limit=60) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus; fail if it never does."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press(key)
    assert focus_is_visible(locator), f"{locator} not reached by {key} with a visible focus"


FAKE_RECOGNITION = """() => {
  window.SpeechRecognition = class extends EventTarget {
    start() {} stop() {} abort() {}
  };
}"""


def test_keyboard_only_records_pauses_and_stops(page, live_server, logged_in, speak_interview):
    interview = speak_interview(mode="both")
    fake_voices(page, ["zh-CN"])
    page.add_init_script(f"({FAKE_RECOGNITION})()")
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    panel = recorder(page)

    record = page.get_by_role("button", name="Record", exact=True)
    tab_to(page, record)
    page.keyboard.press("Alt+r")
    expect(panel).to_have_attribute("data-state", "recording")
    stop = page.get_by_role("button", name="Stop", exact=True)
    expect(stop).to_be_focused()  # the pressed button went away; the focus stays near

    pause = page.get_by_role("button", name="Pause")
    tab_to(page, pause, key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("data-state", "paused")
    resume = page.get_by_role("button", name="Resume")
    expect(resume).to_be_focused()
    page.keyboard.press("Space")
    expect(panel).to_have_attribute("data-state", "recording")

    tab_to(page, stop)
    read = page.get_by_role("button", name="Read the question aloud")
    tab_to(page, read)
    page.keyboard.press("Enter")
    assert page.evaluate("window.spoken.length") == 1
    tab_to(page, page.get_by_role("button", name="Dictate"))

    wait_for_chunks_sent(page, 1)
    page.keyboard.press("Alt+r")
    expect(panel).to_have_attribute("data-state", "saved")
    part = the_part(Answer.objects.get(interview=interview, position=1))
    assert part.bytes_total > 0


def test_deleting_one_recording_of_the_attempts_keeps_the_written_answers(
    page, live_server, recorded_attempts, browser_log
):
    older, newer = recorded_attempts(2)
    page.goto(f"{live_server.url}/history/questions/{older.question.slug}/")
    wait_until_ready(page)
    section = page.get_by_role("region", name="Recordings")
    expect(section.locator("audio")).to_have_count(2)

    browser_log.accept_dialogs = True
    section.get_by_role("button", name="Delete this recording").first.click()
    expect(section.locator("audio")).to_have_count(1)
    assert browser_log.dialogs == ["confirm: Delete this recording? Your written answer stays."]
    assert list(Recording.objects.values_list("answer", flat=True)) == [older.pk]
    newer.refresh_from_db()
    assert newer.submitted_text.startswith("Attempt 2:")

"""Answering out loud in a real Chromium whose microphone plays a spoken clip: record,
reload and continue, submit; the audio lasts as long as was recorded, the figures fit the
clip's known silence; dictation failing and the network dropping lose nothing. With
VOICE_SCREENSHOTS=1 it writes docs/voice-recorder.png (it differs each run)."""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from browser_tests import voice_support
from browser_tests.support import WAIT_SECONDS, wait_for_server, wait_until_ready
from browser_tests.voice_support import (
    GAP_SECONDS,
    fake_voices,
    figure,
    open_question,
    player_duration,
    recorded_seconds,
    recorder,
    wait_for_chunks_sent,
)
from interview.models import Answer
from voice.models import Recording, RecordingChunk, RecordingPart

pytestmark = pytest.mark.browser

# The fake microphone, and interviews answered out loud.
browser = voice_support.browser
spoken_clip = voice_support.spoken_clip
speak_interview = voice_support.speak_interview


def test_record_reload_continue_and_submit_keeps_every_second(
    page, live_server, logged_in, speak_interview, spoken_clip, browser_log
):
    interview = speak_interview()
    url = f"{live_server.url}{interview.get_absolute_url()}q/1/"
    open_question(page, url)
    # Speaking first: Record is the primary action and has the focus; the box stays.
    record = page.get_by_role("button", name="Record", exact=True)
    expect(record).to_be_focused()
    expect(page.get_by_role("textbox", name="Your answer")).to_be_visible()

    # Enough slices to hold the first sentence, the silence and the start of the second.
    slices = int(spoken_clip["length"] // 3) + 1
    record.click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    expect(page.get_by_role("meter", name="Microphone level")).to_be_visible()
    wait_for_chunks_sent(page, slices)

    # A reload mid-recording: the page offers to continue the same answer.
    page.reload()
    wait_until_ready(page)
    expect(recorder(page)).not_to_have_attribute("data-state", "loading")
    page.get_by_role("button", name="Continue recording").click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    wait_for_chunks_sent(page, slices)
    shown = recorded_seconds(page)
    if os.environ.get("VOICE_SCREENSHOTS"):  # the README's picture of the recorder at work
        clip = {"x": 0, "y": 0, "width": 1280, "height": 640}
        page.screenshot(path=settings.BASE_DIR / "docs/voice-recorder.png", clip=clip)

    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("region", name="Your answer")).to_be_visible()
    assert browser_log.dialogs == []  # an answer given out loud is not "empty"
    answer = Answer.objects.get(interview=interview, position=1)
    assert answer.is_done

    def both_parts_finished():
        parts = RecordingPart.objects.filter(recording__answer=answer)
        return parts.count() == 2 and all(part.finished_at for part in parts)

    wait_for_server(both_parts_finished, "both parts finished")
    recording = Recording.objects.get(answer=answer)
    parts = list(recording.parts.order_by("number"))
    total = sum(part.duration_ms for part in parts) / 1000
    assert abs(total - shown) < 4, (total, shown)

    # The summary's players (one a part) each play for as long as the page recorded it,
    # and together for the recorded time shown.
    page.goto(f"{live_server.url}/interviews/{interview.pk}/review/")
    section = page.locator(f"#recording-{answer.pk}")
    players = section.locator("audio.playback-audio")
    expect(players).to_have_count(2)
    durations = [player_duration(players.nth(index)) for index in range(2)]
    for part, duration in zip(parts, durations, strict=True):
        assert abs(duration - part.duration_ms / 1000) < 1.5, (part.number, duration)
    assert abs(sum(durations) - shown) < 4, (durations, shown)

    # How it was spoken: each part heard the clip's silence once, as one long pause.
    recording.refresh_from_db()
    assert recording.long_pauses >= 2
    assert 2.5 < recording.longest_pause_ms / 1000 < GAP_SECONDS + 1
    assert 0.15 < recording.silence_share < 0.75
    assert recording.speaking_ms / 1000 < total
    # ... and the page says so under the players.
    minutes, seconds = figure(page, section, "Speaking time").split(":")
    assert abs(int(minutes) * 60 + int(seconds) - recording.speaking_ms / 1000) <= 1
    pauses = figure(page, section, "Pauses over 2.5 s")
    assert pauses.startswith(f"{recording.long_pauses} · longest "), pauses
    assert browser_log.page_errors == []


def test_dictation_unavailable_says_so_and_recording_goes_on(
    page, live_server, logged_in, speak_interview
):
    interview = speak_interview(mode="both")
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    record = page.get_by_role("button", name="Record", exact=True)
    record.click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    dictate = page.get_by_role("button", name="Dictate")
    if dictate.is_visible():
        # Chromium without Google's speech service: recognition fails with `network`.
        expect(page.get_by_text("Dictation in Chrome sends your voice")).to_be_visible()
        dictate.click()
        expect(recorder(page)).to_have_attribute("data-dictation", "failed")
        expect(page.get_by_text("Recording goes on as usual.")).to_be_visible()
    else:
        expect(page.get_by_text("Dictation is not available in this browser.")).to_be_visible()
    wait_for_chunks_sent(page, 2)
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    page.keyboard.press("Alt+r")  # the key stops it, as it started nothing else
    expect(recorder(page)).to_have_attribute("data-state", "saved")
    expect(page.get_by_text("Recording saved")).to_be_visible()
    answer = Answer.objects.get(interview=interview, position=1)
    part = RecordingPart.objects.get(recording__answer=answer)
    assert part.finished_at is not None and part.bytes_total > 0


def test_going_offline_mid_recording_loses_no_chunk(
    context, page, live_server, logged_in, speak_interview
):
    interview = speak_interview()
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    page.get_by_role("button", name="Record", exact=True).click()
    wait_for_chunks_sent(page, 1)

    context.set_offline(True)
    panel = recorder(page)
    page.wait_for_function(
        """() => { const p = document.querySelector('[data-voice-recorder]').dataset;
                   return Number(p.chunksRecorded) >= Number(p.chunksSent) + 2; }"""
    )
    expect(page.get_by_text("Offline: the recording waits in this tab")).to_be_visible()
    context.set_offline(False)
    recorded_offline = int(panel.get_attribute("data-chunks-recorded"))
    wait_for_chunks_sent(page, recorded_offline)

    answer = Answer.objects.get(interview=interview, position=1)
    stored = list(
        RecordingChunk.objects.filter(part__recording__answer=answer).values_list(
            "sequence", flat=True
        )
    )
    assert stored == list(range(len(stored))) and len(stored) >= recorded_offline

    page.get_by_role("button", name="Stop").click()
    expect(panel).to_have_attribute("data-state", "saved", timeout=WAIT_SECONDS * 3000)
    part = RecordingPart.objects.get(recording__answer=answer)
    assert part.finished_at is not None
    assert part.bytes_total == int(panel.get_attribute("data-bytes-recorded"))


def test_a_chinese_question_is_never_read_with_an_english_voice(
    page, live_server, logged_in, speak_interview
):
    interview = speak_interview(mode="both")
    url = f"{live_server.url}{interview.get_absolute_url()}q/1/"
    fake_voices(page, ["en-US", "en-GB"])
    open_question(page, url)
    read = page.locator("[data-voice-read]")
    expect(
        page.get_by_text("This browser has no voice for the question’s language")
    ).to_be_visible()
    expect(read).to_be_hidden()
    page.keyboard.press("Alt+l")
    assert page.evaluate("window.spoken") == []


def test_the_question_is_read_aloud_in_a_chinese_voice(
    page, live_server, logged_in, speak_interview
):
    interview = speak_interview(mode="both")
    fake_voices(page, ["en-US", "zh-TW", "zh-CN"])
    open_question(page, f"{live_server.url}{interview.get_absolute_url()}q/1/")
    page.get_by_role("button", name="Read the question aloud").click()
    spoken = page.evaluate("window.spoken")
    assert spoken == [{"text": "Transformer为何使用多头注意力机制", "lang": "zh-CN"}]
    expect(page.get_by_role("button", name="Stop reading")).to_be_visible()
    page.keyboard.press("Alt+l")  # the key stops it
    expect(page.get_by_role("button", name="Read the question aloud")).to_be_visible()

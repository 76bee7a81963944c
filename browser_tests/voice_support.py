"""What the voice browser tests share: a Chromium whose fake microphone plays a spoken
clip with a known silence, interviews answered out loud, and readers of the recorder and
the players. A test module uses the microphone by importing `browser` from here."""

import os
import shutil
import subprocess
import wave
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from browser_tests.conftest import CHROMIUM, CHROMIUM_ARGS
from browser_tests.support import wait_until_ready
from core import clock
from interview import services
from voice.models import AnswerMode, InterviewVoice, Recording, RecordingPart

FIRST = "Attention lets every token look at every other token in the sentence."
SECOND = "Several heads learn different relations in parallel, then we join them."
# The silence between the two sentences: longer than a long pause (2.5 s).
GAP_SECONDS = 3.5
ESPEAK_MISSING = "espeak-ng is not installed; run `apt-get install espeak-ng`."


def _espeak(text: str, path) -> None:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), text], check=True)


@pytest.fixture(scope="session")
def spoken_clip(tmp_path_factory):
    """A WAV of two spoken sentences with GAP_SECONDS of digital silence between them,
    and the clip's length and its speech's length in seconds."""
    if shutil.which("espeak-ng") is None:
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(ESPEAK_MISSING, pytrace=False)
        pytest.skip(ESPEAK_MISSING)
    folder = tmp_path_factory.mktemp("voice")
    pieces = []
    for number, text in enumerate([FIRST, SECOND]):
        path = folder / f"part{number}.wav"
        _espeak(text, path)
        with wave.open(str(path), "rb") as source:
            pieces.append((source.getparams(), source.readframes(source.getnframes())))
    params = pieces[0][0]
    frame_bytes = params.sampwidth * params.nchannels
    silence = b"\x00" * (int(GAP_SECONDS * params.framerate) * frame_bytes)
    clip = folder / "answer.wav"
    with wave.open(str(clip), "wb") as target:
        target.setparams(params)
        target.writeframes(pieces[0][1] + silence + pieces[1][1])
    speech = sum(len(frames) for _, frames in pieces) / frame_bytes / params.framerate
    return {"path": clip, "speech": speech, "length": speech + GAP_SECONDS}


@pytest.fixture(scope="module")
def browser(browser, spoken_clip):
    """Chromium with a fake microphone that plays the clip (in a loop), allowed without
    asking: a second browser launched through the session's Playwright (one Playwright per
    thread), which skips or fails as the session's does when Chromium is missing."""
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={spoken_clip['path']}",
    ]
    with_microphone = browser.browser_type.launch(executable_path=str(CHROMIUM), args=args)
    yield with_microphone
    with_microphone.close()


@pytest.fixture
def speak_interview(start_interview):
    """An interview of two questions answered out loud (five minutes each)."""

    def start(mode="speak"):
        interview = start_interview("q06", "q10", minutes=5)
        InterviewVoice.objects.create(interview=interview, answer_mode=mode)
        return interview

    return start


def recorder(page):
    return page.locator("[data-voice-recorder]")


def open_question(page, url):
    page.goto(url)
    wait_until_ready(page)
    expect(recorder(page)).to_have_attribute("data-state", "idle")


def wait_for_chunks_sent(page, count: int) -> None:
    page.wait_for_function(
        "n => Number(document.querySelector('[data-voice-recorder]').dataset.chunksSent) >= n",
        arg=count,
    )


def recorded_seconds(page) -> float:
    """The recorded time the page shows (mm:ss)."""
    minutes, seconds = page.locator("[data-voice-elapsed]").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def player_duration(player) -> float:
    """The duration an <audio> player on the page reports, once it knows it."""
    return player.evaluate(
        """audio => new Promise((resolve, reject) => {
          const check = () => {
            if (audio.error) reject(new Error("audio error " + audio.currentSrc));
            if (Number.isFinite(audio.duration) && audio.duration > 0) resolve(audio.duration);
          };
          audio.addEventListener("loadedmetadata", check);
          audio.addEventListener("durationchange", check);
          audio.addEventListener("error", check);
          check();
        })"""
    )


def figure(page, section, name: str) -> str:
    """The value of one of the figures under a recording (templates/voice/_figures.html)."""
    row = section.locator(".spoke-figures div").filter(has=page.get_by_text(name, exact=True))
    return row.locator("dd").inner_text()


# A speech synthesis with the given voices that remembers what it was asked to say.
FAKE_SYNTHESIS = """voices => {
  window.spoken = [];
  window.SpeechSynthesisUtterance = class extends EventTarget {
    constructor(text) { super(); this.text = text; }
  };
  const synthesis = new EventTarget();
  synthesis.speaking = false;
  synthesis.getVoices = () => voices.map((lang) => ({ name: lang, lang, localService: true }));
  synthesis.speak = (utterance) => {
    synthesis.speaking = true;
    window.spoken.push({ text: utterance.text, lang: utterance.voice.lang });
  };
  synthesis.cancel = () => { synthesis.speaking = false; };
  Object.defineProperty(window, "speechSynthesis", { value: synthesis, configurable: true });
}"""


def fake_voices(page, voices: list[str]) -> None:
    page.add_init_script(f"({FAKE_SYNTHESIS})({voices!r})")


# A short real WebM/Opus clip (voice's test data; see its make_sample.py).
SAMPLE = (Path(__file__).resolve().parents[1] / "voice/tests/data/sample.webm").read_bytes()


@pytest.fixture
def recorded_attempts(settings, tmp_path, start_interview, logged_in):
    """`make(count)`: that many submitted answers to one question, each in an interview of
    its own and with its recording (the sample WebM) and figures, oldest first."""
    settings.MEDIA_ROOT = tmp_path

    def make(count: int = 2, slug: str = "q03"):
        answers = []
        for number in range(1, count + 1):
            interview = start_interview(slug, minutes=3)
            InterviewVoice.objects.create(interview=interview, answer_mode=AnswerMode.SPEAK)
            now = clock.now()
            answer = services.answer_show(answer=interview.answers.get(position=1), now=now)
            recording = Recording.objects.create(
                answer=answer,
                user=logged_in,
                bytes_total=len(SAMPLE),
                duration_ms=40_000 + number * 1000,
                speaking_ms=30_000,
                silence_share=0.25,
                long_pauses=number,
                longest_pause_ms=3_000 + number * 100,
            )
            part = RecordingPart(
                recording=recording,
                number=1,
                client_key=f"p{number}",
                content_type="audio/webm",
                bytes_total=len(SAMPLE),
                duration_ms=recording.duration_ms,
                finished_at=now,
            )
            part.file.save("sample.webm", ContentFile(SAMPLE), save=True)
            text = f"Attempt {number}: several heads attend to different relations."
            answers.append(services.answer_submit(answer=answer, text=text, now=now))
        return answers

    return make

"""The recording under a revealed answer: it plays (the audio view answers the player's
ranges), shows how one spoke, and fits a phone in dark mode. With VOICE_SCREENSHOTS=1 it
retakes docs/voice-reveal.png."""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from core import clock
from interview import services
from voice.models import AnswerMode, InterviewVoice, Recording, RecordingPart

# A short real WebM/Opus clip (voice's test data; see its make_sample.py).
SAMPLE = (Path(__file__).resolve().parents[1] / "voice/tests/data/sample.webm").read_bytes()


@pytest.fixture
def spoken(settings, tmp_path, start_interview, logged_in):
    """A submitted answer with its recording (the sample WebM) and the browser's figures."""
    settings.MEDIA_ROOT = tmp_path
    interview = start_interview("q03", minutes=3)
    InterviewVoice.objects.create(interview=interview, answer_mode=AnswerMode.SPEAK)
    now = clock.now()
    answer = services.answer_show(answer=interview.answers.get(position=1), now=now)
    recording = Recording.objects.create(
        answer=answer,
        user=logged_in,
        bytes_total=len(SAMPLE),
        duration_ms=42_000,
        speaking_ms=33_000,
        silence_share=0.26,
        long_pauses=2,
        longest_pause_ms=3_900,
    )
    part = RecordingPart(
        recording=recording,
        number=1,
        client_key="p1",
        content_type="audio/webm",
        bytes_total=len(SAMPLE),
        duration_ms=42_000,
        finished_at=now,
    )
    part.file.save("sample.webm", ContentFile(SAMPLE), save=True)
    text = (
        "嗯，我觉得主要有三个原因。第一，Decoder only 的结构用因果注意力，"
        "训练目标就是预测下一个词，和生成任务完全一致，零样本能力更强。然后，就是注意力矩阵是满秩的，表达能力不会退化。"
        "第三，推理时可以复用 KV cache，工程上更高效。"
        "那个，规模上去以后，编码器带来的收益也不明显了。"
    )
    return services.answer_submit(answer=answer, text=text, now=now)


def path_for(name):
    from django.conf import settings

    return settings.BASE_DIR / name


def test_the_reveal_plays_the_recording(page, live_server, spoken):
    page.goto(live_server.url + spoken.get_absolute_url())
    player = page.locator("audio.playback-audio")
    expect(player).to_have_count(1)
    page.wait_for_function("document.querySelector('audio.playback-audio').readyState >= 1")
    expect(page.locator(".spoke-figures")).to_contain_text("Speaking time")
    expect(page.locator(".spoke-figures")).to_contain_text("Characters a minute")
    page.locator(".playback").scroll_into_view_if_needed()
    # The README's picture is retaken only when asked: tests never rewrite tracked files.
    shot = (
        "docs/voice-reveal.png"
        if os.environ.get("VOICE_SCREENSHOTS")
        else "test-artifacts/voice-reveal.png"
    )
    path_for("test-artifacts").mkdir(exist_ok=True)
    page.locator(".compare").screenshot(path=path_for(shot))


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}])
@pytest.mark.parametrize("color_scheme", ["dark"])
def test_the_summary_on_a_dark_phone(page, live_server, spoken):
    page.goto(live_server.url + f"/interviews/{spoken.interview_id}/review/")
    section = page.locator(".playback")
    expect(section).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    path_for("test-artifacts").mkdir(exist_ok=True)
    section.screenshot(path=path_for("test-artifacts/voice-summary-phone-dark.png"))


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 800}])
@pytest.mark.parametrize("color_scheme", ["dark"])
@pytest.mark.parametrize("locale", ["zh-CN"])
def test_the_choice_on_the_start_and_account_pages_fits_a_dark_phone(
    page, live_server, question_bank, logged_in
):
    path_for("test-artifacts").mkdir(exist_ok=True)
    for url, shot in (("/interviews/", "start"), ("/account/", "account")):
        page.goto(live_server.url + url)
        choice = page.locator(".answer-mode")
        expect(choice).to_contain_text("回答方式")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        choice.screenshot(path=path_for(f"test-artifacts/voice-{shot}-phone-dark.png"))
    page.get_by_label("边说边写").check()
    page.locator("section[aria-labelledby=voice-heading] button[type=submit]").click()
    expect(page.locator(".answer-mode input[value=both]")).to_be_checked()

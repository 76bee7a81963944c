"""Server transcription against a fake OpenAI-compatible server started by the test."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from interview import services as interview_services
from testsupport import START
from voice.models import Recording
from voice.tests.helpers import SAMPLE, finish, pieces, post_chunk
from voice.transcription import TranscriptionFailed, configured, transcribe

pytestmark = pytest.mark.django_db


class FakeWhisper(BaseHTTPRequestHandler):
    """Answers as the test tells it (`server.reply`): (status, body) or "hang"."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        self.server.requests.append({"headers": dict(self.headers), "body": body})
        if self.server.reply == "hang":
            self.server.release.wait(5)
            return
        status, payload = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def whisper(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWhisper)
    server.requests, server.reply, server.release = [], (200, '{"text": ""}'), threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.VOICE_TRANSCRIBE = f"http://127.0.0.1:{server.server_port}/v1/audio/transcriptions"
    settings.VOICE_TRANSCRIBE_MODEL = "small"
    settings.VOICE_TRANSCRIBE_API_KEY = "secret"
    settings.VOICE_TRANSCRIBE_TIMEOUT = 1
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def reply(server, status, body):
    server.reply = (status, body if isinstance(body, str) else json.dumps(body))


def test_a_good_reply_sends_the_file_and_model(whisper):
    reply(whisper, 200, {"text": " I would use a cache. "})
    text = transcribe(configured(), SAMPLE, filename="part-1.webm", content_type="audio/webm")
    assert text == "I would use a cache."
    sent = whisper.requests[0]
    assert sent["headers"]["Authorization"] == "Bearer secret"
    assert sent["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="model"\r\n\r\nsmall\r\n' in sent["body"]
    assert b'name="file"; filename="part-1.webm"' in sent["body"]
    assert SAMPLE in sent["body"]


def test_traditional_chinese_is_folded_to_simplified(whisper):
    reply(whisper, 200, {"text": "我會用緩存來減輕資料庫的壓力"})
    text = transcribe(configured(), SAMPLE, filename="a.webm", content_type="audio/webm")
    assert text == "我会用缓存来减轻资料库的压力"


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, '{"error": "boom"}'), (200, "not json {"), (200, '{"words": []}'), (200, '{"text": 3}')],
)
def test_refusals_and_nonsense_fail_cleanly(whisper, status, body):
    reply(whisper, status, body)
    with pytest.raises(TranscriptionFailed):
        transcribe(configured(), SAMPLE, filename="a.webm", content_type="audio/webm")


def test_a_server_that_does_not_answer_times_out(whisper):
    whisper.reply = "hang"
    with pytest.raises(TranscriptionFailed):
        transcribe(configured(), SAMPLE, filename="a.webm", content_type="audio/webm")


def record_and_submit(client, answer, capture):
    for sequence, piece in enumerate(pieces(SAMPLE, 2)):
        post_chunk(client, answer, sequence, piece)
    finish(client, answer)
    # The job is queued once the submission commits (the test's transaction never does).
    with capture(execute=True):
        return interview_services.answer_submit(answer=answer, text="typed", now=START)


def test_a_finished_recording_is_transcribed_beside_the_answer(
    whisper, user_client, answer, django_capture_on_commit_callbacks
):
    reply(whisper, 200, {"text": "我會用緩存"})
    submitted = record_and_submit(user_client, answer, django_capture_on_commit_callbacks)
    recording = Recording.objects.get()
    assert recording.transcript == "我会用缓存"
    assert recording.transcript_status == "done"
    submitted.refresh_from_db()
    assert submitted.submitted_text == "typed"  # never written into the answer
    content = user_client.get(submitted.get_absolute_url()).content.decode()
    assert "我会用缓存" in content


def test_a_failed_transcription_is_marked_and_the_page_says_nothing(
    whisper, user_client, answer, django_capture_on_commit_callbacks
):
    reply(whisper, 500, "{}")
    submitted = record_and_submit(user_client, answer, django_capture_on_commit_callbacks)
    assert Recording.objects.get().transcript_status == "failed"
    content = user_client.get(submitted.get_absolute_url()).content.decode()
    assert "Transcript" not in content and "transcri" not in content.lower()


def test_without_the_setting_nothing_is_sent_or_mentioned(
    settings, user_client, answer, django_capture_on_commit_callbacks
):
    settings.VOICE_TRANSCRIBE = ""
    submitted = record_and_submit(user_client, answer, django_capture_on_commit_callbacks)
    assert Recording.objects.get().transcript_status == "none"
    content = user_client.get(submitted.get_absolute_url()).content.decode()
    assert "transcri" not in content.lower()


def test_a_model_folder_needs_faster_whisper(settings, tmp_path):
    settings.VOICE_TRANSCRIBE = str(tmp_path)
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        assert configured() is None  # not installed here: off, with a warning in the log
    else:  # pragma: no cover
        assert configured() is not None

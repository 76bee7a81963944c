"""The gateway to a speech-to-text service, used only when VOICE_TRANSCRIBE is set.

Two kinds: the URL of an OpenAI-compatible `/v1/audio/transcriptions` endpoint (a
self-hosted whisper server, or a hosted one), sent each part's file as multipart form data
with the model; or the folder of a local faster-whisper model (when that package is
installed). Chinese text comes back in Simplified characters (small Whisper models often
write Traditional ones).
"""

import json
import logging
import uuid
from dataclasses import dataclass
from importlib.util import find_spec
from urllib import error, parse, request

from django.conf import settings
from django.utils.translation import gettext as _

from voice.speaking import HAN

logger = logging.getLogger(__name__)


class TranscriptionFailed(Exception):
    """The service did not give a transcript (refused, timed out, or answered nonsense)."""


@dataclass(frozen=True)
class Transcriber:
    target: str  # a URL, or a model folder
    model: str
    api_key: str
    timeout: int

    @property
    def is_remote(self) -> bool:
        return self.target.startswith(("http://", "https://"))


def configured() -> Transcriber | None:
    """The transcriber the settings name; None when server transcription is off."""
    target = getattr(settings, "VOICE_TRANSCRIBE", "")
    if not target:
        return None
    if not target.startswith(("http://", "https://")) and not find_spec("faster_whisper"):
        logger.warning("VOICE_TRANSCRIBE names a model folder but faster-whisper is missing")
        return None
    return Transcriber(
        target=target,
        model=getattr(settings, "VOICE_TRANSCRIBE_MODEL", "") or "whisper-1",
        api_key=getattr(settings, "VOICE_TRANSCRIBE_API_KEY", ""),
        timeout=getattr(settings, "VOICE_TRANSCRIBE_TIMEOUT", 120),
    )


def transcriber_description() -> str:
    """Who makes transcripts, for the account page ("" when transcription is off)."""
    transcriber = configured()
    if transcriber is None:
        return ""
    if transcriber.is_remote:
        return parse.urlsplit(transcriber.target).hostname or transcriber.target
    return _("a speech-recognition model on this site's server")


def simplified(text: str) -> str:
    """Chinese text in Simplified characters (other text unchanged)."""
    if not HAN.search(text):
        return text
    import opencc  # loaded only when there is Chinese to fold

    return opencc.OpenCC("t2s").convert(text)


def transcribe(transcriber: Transcriber, data: bytes, *, filename: str, content_type: str) -> str:
    """The text spoken in one audio file."""
    if transcriber.is_remote:
        text = _transcribe_remote(transcriber, data, filename=filename, content_type=content_type)
    else:
        text = _transcribe_local(transcriber, data)
    return simplified(text.strip())


def _transcribe_remote(transcriber, data, *, filename, content_type) -> str:
    boundary = uuid.uuid4().hex
    fields = [("model", transcriber.model), ("response_format", "json")]
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if transcriber.api_key:
        headers["Authorization"] = f"Bearer {transcriber.api_key}"
    req = request.Request(transcriber.target, data=body, headers=headers, method="POST")
    try:
        with request.urlopen(req, timeout=transcriber.timeout) as response:  # noqa: S310
            payload = response.read()
    except error.HTTPError as failure:
        raise TranscriptionFailed(f"the service answered {failure.code}") from failure
    except (error.URLError, TimeoutError, OSError) as failure:
        raise TranscriptionFailed(f"no answer from the service: {failure}") from failure
    try:
        text = json.loads(payload)["text"]
    except (ValueError, KeyError, TypeError) as failure:
        raise TranscriptionFailed("the service's answer is not the JSON expected") from failure
    if not isinstance(text, str):
        raise TranscriptionFailed("the service's answer holds no text")
    return text


def _transcribe_local(transcriber, data) -> str:  # pragma: no cover (needs faster-whisper)
    import io

    try:
        from faster_whisper import WhisperModel
    except ImportError as failure:
        raise TranscriptionFailed("faster-whisper is not installed") from failure
    try:
        model = WhisperModel(transcriber.target, device="cpu", compute_type="int8")
        segments, _info = model.transcribe(io.BytesIO(data))
        return " ".join(segment.text.strip() for segment in segments)
    except Exception as failure:  # the model's own errors are many and undocumented
        raise TranscriptionFailed(f"the local model failed: {failure}") from failure

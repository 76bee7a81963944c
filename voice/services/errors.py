"""Why the server refused a chunk or a request: plain exceptions the views map to a status."""

from django.utils.translation import gettext_lazy as _


class VoiceError(Exception):
    """A refusal with a machine code (the API's `code`) and a sentence the page shows."""

    code = "bad-request"

    def __init__(self, message, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code


class BadRequest(VoiceError):
    code = "bad-request"


class NotAudio(VoiceError):
    code = "not-audio"


class WrongType(VoiceError):
    code = "type"


class TooLarge(VoiceError):
    """One of the size limits: code chunk-too-large, answer-too-large, too-many-chunks, quota."""

    code = "chunk-too-large"


class Closed(VoiceError):
    code = "closed"


class NotFound(VoiceError):
    code = "not-found"

    def __init__(self, message=None, code: str | None = None):
        super().__init__(message or _("Not found."), code)

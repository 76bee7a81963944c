"""Every POST this site accepts is a form; anything else is refused before a view sees it."""

import codecs

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.form_body import read_form

# What browsers send for forms, htmx requests and navigator.sendBeacon(FormData).
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Methods whose request may carry a body; the site's views take bodies by POST only.
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class FormPostsOnlyMiddleware:
    """Answer 415 to a request whose body is not form data (JSON, XML, plain text), and 400
    or 411 to a form body Django cannot read.

    Django would read such a body as an empty form, and a view could then act on its
    defaults; refusing it outright keeps "nothing saved changes" simple to guarantee. It
    runs before the session, CSRF and locale middleware, so nothing later reads a body that
    cannot be read (a second read would raise again, and a 400 would become a 500); the
    message follows the browser's language (cookie or Accept-Language) all the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS and self._declares_body(request):
            refusal = self._refusal(request)
            if refusal is not None:
                message, status = refusal
                # Translated only when refusing: switching the language costs every form.
                with translation.override(translation.get_language_from_request(request)):
                    message = str(message)
                return HttpResponse(
                    message, status=status, content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)

    @classmethod
    def _refusal(cls, request):
        """(message, status) for a body this site will not read, or None for a good form
        (the message lazy, translated by the caller)."""
        if (request.content_type or "") not in FORM_TYPES:
            return _("This address accepts form submissions only."), 415
        if cls._length(request) is None:
            # Chunked framing (or a length that is no number): Django reads Content-Length
            # bytes, so the view would see an empty form. Browsers send forms with a length.
            return _("Send the form with its length (a Content-Length header)."), 411
        charset = request.content_params.get("charset")
        if charset is not None:
            if not _is_utf8(charset):
                return _("Form data must be sent as UTF-8."), 400
            request.encoding = "utf-8"  # "utf8", "UTF-8": Django accepts only "utf-8"
        try:
            read_form(request)  # now, so a broken body fails here
        except (MultiPartParserError, SuspiciousOperation, BadRequest):
            # SuspiciousOperation: too big, too many fields or files.
            return _("The form data could not be read."), 400
        return None

    @staticmethod
    def _declares_body(request) -> bool:
        """Whether the request says it has a body: a length, chunked framing, or a type."""
        meta = request.META
        return bool(
            meta.get("CONTENT_LENGTH", "").strip() not in ("", "0")
            or meta.get("HTTP_TRANSFER_ENCODING")
            or meta.get("CONTENT_TYPE", "").strip()
        )

    @staticmethod
    def _length(request) -> int | None:
        """The declared Content-Length; None when the body is framed another way."""
        declared = request.META.get("CONTENT_LENGTH", "").strip()
        if declared.isdigit() and declared.isascii():
            return int(declared)
        if declared or request.META.get("HTTP_TRANSFER_ENCODING"):
            return None
        return 0


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False

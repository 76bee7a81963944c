"""Every POST this site accepts is a form; anything else is refused before a view sees it."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

# What browsers send for forms, htmx requests and navigator.sendBeacon(FormData).
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class FormPostsOnlyMiddleware:
    """Answer 415 to a POST with a body that is not form data (JSON, XML, plain text).

    Django would read such a body as an empty form, and a view could then act on its
    defaults; refusing it outright keeps "nothing saved changes" simple to guarantee.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and self._has_body(request):
            content_type = request.content_type or ""
            if content_type not in FORM_TYPES:
                return self._refuse(_("This address accepts form submissions only."), 415)
            try:
                request.POST  # noqa: B018  (read it now, so a broken body fails here)
            except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent):
                return self._refuse(_("The form data could not be read."), 400)
        return self.get_response(request)

    @staticmethod
    def _refuse(message: str, status: int) -> HttpResponse:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _has_body(request) -> bool:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0) > 0
        except ValueError:
            return True

"""core.htmx reads htmx's headers from the environ as django-htmx reads them."""

import pytest
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from core.htmx import _says_true, is_htmx

CASES = [
    {},
    {"HTTP_HX_REQUEST": "true"},
    {"HTTP_HX_REQUEST": "false"},
    {"HTTP_HX_REQUEST": "True"},
    {"HTTP_HX_REQUEST": ""},
    {"HTTP_HX_REQUEST": "tr%75e", "HTTP_HX_REQUEST_URI_AUTOENCODED": "true"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
    {
        "HTTP_HX_HISTORY_RESTORE_REQUEST": "tr%75e",
        "HTTP_HX_HISTORY_RESTORE_REQUEST_URI_AUTOENCODED": "true",
    },
]


@pytest.mark.parametrize("meta", CASES)
def test_the_headers_read_as_django_htmx_reads_them(meta):
    request = RequestFactory().get("/", **meta)
    request.htmx = HtmxDetails(request)
    assert is_htmx(request) == bool(request.htmx)
    restoring = _says_true(request, "HX-History-Restore-Request")
    assert restoring == request.htmx.history_restore_request

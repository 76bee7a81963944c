"""The malformed-input corpus: bad values for any field, and how to post a request with one.

A case names what is wrong with a valid request: one field set to a value of BAD_VALUES, or
left out ("missing"), sent twice ("duplicated"), sent as bytes that are not UTF-8
("not-utf8"); or the whole request sent as JSON ("json-body"), as a multipart body that
does not parse ("broken-multipart"), padded past the size limit ("too-big"), declared in
another charset than UTF-8 ("charset-utf16", "charset-latin1", sent as a browser with a
CSRF cookie sends it), or framed as chunks without a Content-Length ("chunked-json",
"chunked-form").
A value given as bytes is posted as an uploaded file.
"""

import json
from urllib.parse import quote, urlencode

from django.core.files.uploadedfile import SimpleUploadedFile

BAD_VALUES = {
    "empty": "",
    "word": "abc",
    "negative": "-1",
    "zero": "0",
    "nan": "NaN",
    "infinity": "inf",
    "exponent": "1e3",
    "fullwidth": "３",
    "hex": "0x10",
    "fraction": "1.5",
    "huge": "9" * 40,
    "overflow": str(2**63),
    "underflow": str(-(2**63) - 1),
    "int64-max": str(2**63 - 1),
    "nul": "\x00",
    "digit-nul": "1\x00",
    "list": "[]",
    "markup": "<script>alert(1)</script>",
    "quote": "' OR 1=1 --",
    "long": "x" * 30_000,
}

FORM = "application/x-www-form-urlencoded"

# Whole-request cases: what is wrong is the body's framing or type, not one field.
CHARSETS = {"charset-utf16": "utf-16", "charset-latin1": "latin-1"}
WHOLE_REQUEST_CASES = (
    "json-body",
    "broken-multipart",
    "too-big",
    *CHARSETS,
    "chunked-json",
    "chunked-form",
)
# What a server passes on for a chunked body: no Content-Length, the framing header.
CHUNKED = {"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"}


def _post_with_csrf_cookie(client, url, body, content_type):
    """Post as a browser does: with a csrftoken cookie and CSRF checks on. Django's own 400
    page checks CSRF, and that check reads the body; the test client skips it otherwise."""
    enforced, client.handler.enforce_csrf_checks = client.handler.enforce_csrf_checks, True
    had_cookie = "csrftoken" in client.cookies
    if not had_cookie:
        client.cookies["csrftoken"] = "a" * 32
    try:
        return client.post(url, body, content_type=content_type)
    finally:
        client.handler.enforce_csrf_checks = enforced
        if not had_cookie:
            del client.cookies["csrftoken"]


def send(client, url, valid, field, case):
    """Post `valid` to `url` with `field` spoiled as `case` says; return the response."""
    as_text = {
        name: value.decode("latin-1") if isinstance(value, bytes) else value
        for name, value in valid.items()
    }
    if case == "json-body":
        return client.post(url, json.dumps(as_text), content_type="application/json")
    if case == "broken-multipart":
        return client.post(
            url, b"--nope\r\ngarbage", content_type="multipart/form-data; boundary=other"
        )
    if case in CHARSETS:
        content_type = f"{FORM}; charset={CHARSETS[case]}"
        return _post_with_csrf_cookie(client, url, urlencode(valid), content_type)
    if case == "chunked-json":
        return client.post(url, json.dumps(as_text), content_type="application/json", **CHUNKED)
    if case == "chunked-form":
        return client.post(url, urlencode(valid), content_type=FORM, **CHUNKED)
    if case == "too-big":
        body = urlencode(valid | {"padding": "x" * 3_000_000})
        return client.post(url, body, content_type=FORM)
    data = dict(valid)
    if case == "missing":
        data.pop(field, None)
    elif case == "duplicated":
        body = urlencode(data) + "&" + urlencode({field: BAD_VALUES["word"]})
        return client.post(url, body, content_type=FORM)
    elif case == "not-utf8":
        data.pop(field, None)
        body = urlencode(data) + f"&{quote(field)}=%FF%FE%80"
        return client.post(url, body.lstrip("&"), content_type=FORM)
    else:
        data[field] = BAD_VALUES[case]
    # Bytes are a file (a recorded chunk): a fresh upload each time, posted as multipart.
    data = {
        name: SimpleUploadedFile(name, value) if isinstance(value, bytes) else value
        for name, value in data.items()
    }
    return client.post(url, data)

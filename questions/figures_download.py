"""Fetching a remote image at import, when the admin ticks it: the one place the site
reaches out for an image. Plain urllib, http(s) only (redirects too), a timeout for the
whole download and the figure size cap; what arrives is checked as any upload is.

Only public addresses are fetched: every connection (the first and each redirect's) is
checked against the address it actually reached, before a byte of the request is sent, so
neither a private name nor a name that resolves differently the second time (DNS rebinding)
reaches a service inside the network, such as a cloud's metadata address. Set
FIGURE_DOWNLOAD_ALLOW_PRIVATE = True (the tests do) to fetch from loopback or a LAN.
"""

import http.client
import ipaddress
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from questions import limits

CHUNK_BYTES = 64 * 1024
USER_AGENT = "mock-interview figure import"


class DownloadFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib would also follow ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            message = _("it redirects to %(url)s, which is not http(s)") % {"url": newurl}
            raise DownloadFailed(message)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _refuse_private_peer(connection) -> None:
    """Close and refuse a connection that reached anything but a public address."""
    if getattr(settings, "FIGURE_DOWNLOAD_ALLOW_PRIVATE", False):
        return
    address = ipaddress.ip_address(connection.sock.getpeername()[0].split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global:
        connection.close()
        message = _("%(host)s is a private or local address, which is never fetched") % {
            "host": connection.host
        }
        raise DownloadFailed(message)


class _PublicHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        super().connect()
        _refuse_private_peer(self)


class _PublicHTTPSConnection(http.client.HTTPSConnection, _PublicHTTPConnection):
    """HTTPSConnection.connect's own super().connect() lands in _PublicHTTPConnection's,
    so the address is checked before the TLS handshake."""


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


_OPENER = urllib.request.build_opener(
    _HttpOnlyRedirects, _PublicHTTPHandler, _PublicHTTPSHandler, urllib.request.ProxyHandler({})
)


def download_image(url: str) -> bytes:
    """The bytes at `url`, or DownloadFailed saying why (for an import's notes)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadFailed(_("only http(s) addresses are downloaded"))
    timeout = limits.FIGURE_DOWNLOAD_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    too_big = _("it is larger than %(limit)s") % {"limit": filesizeformat(limits.FIGURE_MAX_BYTES)}
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.FIGURE_MAX_BYTES:
                raise DownloadFailed(too_big)
            data = bytearray()
            while chunk := response.read(CHUNK_BYTES):
                data += chunk
                if len(data) > limits.FIGURE_MAX_BYTES:
                    raise DownloadFailed(too_big)
                if time.monotonic() > deadline:
                    raise TimeoutError
            return bytes(data)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib refuses redirects to file: and the like
            location = error.headers.get("Location", "")
            message = _("it redirects to %(url)s, which is not http(s)") % {"url": location}
        else:
            message = _("the server answered %(status)d") % {"status": error.code}
        raise DownloadFailed(message) from error
    except (TimeoutError, OSError, ValueError) as error:
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            message = _("no answer within %(seconds)d seconds") % {"seconds": timeout}
        else:
            message = _("it could not be fetched (%(reason)s)") % {"reason": error}
        raise DownloadFailed(message) from error

"""Images that imports bring: remote ones (only when ticked) and ones in a ZIP."""

import http.server
import io
import threading
import zipfile

import pytest
from django.utils import translation

from questions import limits
from questions.figures import Figure
from questions.figures_import import localise_remote_images, localise_zip_images
from questions.safezip import open_safe_zip
from questions.tests import factories as images

pytestmark = pytest.mark.django_db

GOOD = images.png(seed=7)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


HITS = []


@pytest.fixture
def server(monkeypatch, settings):
    """A local image server: /good.png, /missing.png, /big.png, /page.png, /slow.png,
    /to-file (a redirect to file:). Its requests are listed in HITS. Fetching from loopback
    is allowed for it."""
    settings.FIGURE_DOWNLOAD_ALLOW_PRIVATE = True
    HITS.clear()
    monkeypatch.setattr(limits, "FIGURE_MAX_BYTES", 4096)
    monkeypatch.setattr(limits, "FIGURE_DOWNLOAD_TIMEOUT_SECONDS", 1)
    release = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, body, content_type="image/png", length=True):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            HITS.append(self.path)
            if self.path == "/good.png":
                self.send(GOOD)
            elif self.path == "/big.png":  # no Content-Length: the stream itself is capped
                self.send(GOOD + b"\0" * 10_000, length=False)
            elif self.path == "/page.png":
                self.send(b"<html><body>Not found, but 200</body></html>")
            elif self.path == "/slow.png":
                release.wait(10)
            elif self.path in ("/to-file", "/to-ftp"):
                self.send_response(302)
                target = "file:///etc/passwd" if self.path == "/to-file" else "ftp://e.com/a.png"
                self.send_header("Location", target)
                self.end_headers()
            else:
                self.send_error(404)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    release.set()
    httpd.shutdown()
    httpd.server_close()


def test_remote_images_are_left_alone_unless_ticked(server):
    source = f"![chart]({server}/good.png)\n\n![local](/figures/x.png)"
    markdown, notes = localise_remote_images(source, download=False)
    assert markdown == source
    assert notes == [
        f"{server}/good.png is not shown: remote images are downloaded only when you tick it."
    ]
    assert not Figure.objects.exists()


def test_a_good_remote_image_becomes_a_figure_once(server):
    source = f'![chart]({server}/good.png "Title")\n\nagain: ![]({server}/good.png)'
    markdown, notes = localise_remote_images(source, download=True)
    figure = Figure.objects.get()
    assert markdown == (
        f'![chart]({figure.markdown_url} "Title")\n\nagain: ![]({figure.markdown_url})'
    )
    assert (figure.name, figure.alt, figure.size) == ("good.png", "chart", len(GOOD))
    assert notes == [f"{server}/good.png was downloaded."]


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/missing.png", "the server answered 404"),
        ("/big.png", "it is larger than 4.0\xa0KB"),
        ("/page.png", "is not a PNG, JPEG, WebP or GIF image"),
        ("/slow.png", "no answer within 1 seconds"),
        ("/to-file", "redirects to file:///etc/passwd, which is not http(s)"),
        ("/to-ftp", "redirects to ftp://e.com/a.png, which is not http(s)"),
    ],
)
def test_remote_images_that_cannot_be_had_stay_as_they_were_with_a_note(server, path, reason):
    source = f"![x]({server}{path})"
    markdown, [note] = localise_remote_images(source, download=True)
    assert markdown == source
    assert note.startswith(f"{server}{path} was not downloaded: ")
    assert reason in note
    assert not Figure.objects.exists()


def test_private_and_local_addresses_are_never_asked(server, settings):
    settings.FIGURE_DOWNLOAD_ALLOW_PRIVATE = False
    port = server.rsplit(":", 1)[1]
    for host in ("127.0.0.1", "localhost", "[::ffff:127.0.0.1]"):
        source = f"![x](http://{host}:{port}/good.png)"
        markdown, [note] = localise_remote_images(source, download=True)
        assert markdown == source
        assert "is a private or local address, which is never fetched" in note, note
    assert HITS == []
    assert not Figure.objects.exists()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_images_beside_a_markdown_file_in_a_zip_become_figures():
    archive = open_safe_zip(
        zip_of(
            {
                "bank/questions.md": b"",
                "bank/img/plot.png": GOOD,
                "bank/img/fake.png": b"<svg/>",
            }
        )
    )
    source = (
        "![plot](img/plot.png)\n![again](./img/plot.png)\n![gone](img/none.png)\n"
        "![fake](img/fake.png)\n![web](https://example.com/a.png)"
    )
    markdown, notes = localise_zip_images(source, archive=archive, base="bank")
    figure = Figure.objects.get()
    assert markdown.splitlines() == [
        f"![plot]({figure.markdown_url})",
        f"![again]({figure.markdown_url})",
        "![gone](img/none.png)",
        "![fake](img/fake.png)",
        "![web](https://example.com/a.png)",
    ]
    assert notes[0] == "img/plot.png was brought in from the archive."
    assert notes[1] == "img/none.png is not in the archive."
    assert "SVG" in notes[2]

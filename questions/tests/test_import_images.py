"""Imports bring their images, through the admin's upload: a Markdown file with its images
in a ZIP, and remote images only when ticked. Nothing stays behind unless confirmed."""

import http.server
import io
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from questions.figures import Figure
from questions.models import Question
from questions.tests import factories as images
from testsupport import english_client

pytestmark = pytest.mark.django_db

IMPORT = "/admin/questions/question/import/"
CONFIRM = "/admin/questions/question/import/confirm/"
PLOT = images.png(seed=3)
REMOTE = images.png(seed=11)
MARKDOWN = """# 01. What does the plot show?

![the plot](img/plot.png)

# 02. And this one?

![missing](img/gone.png) and ![web]({server}/remote.png)
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff():
    client = english_client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def server(settings):
    """A local server with one image at /remote.png, and how many times it was fetched."""
    settings.FIGURE_DOWNLOAD_ALLOW_PRIVATE = True
    fetched = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path != "/remote.png":
                self.send_error(404)
                return
            fetched.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(REMOTE)))
            self.end_headers()
            self.wfile.write(REMOTE)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.fetched = fetched
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def zip_of(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, content: bytes, name: str, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), **fields})


def stored_files(media) -> list[str]:
    folder = media / "figures"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_a_zip_brings_its_images_and_a_preview_leaves_nothing_behind(staff, media, server):
    bank = zip_of(
        {
            "bank/questions.md": MARKDOWN.format(server=server.url).encode(),
            "bank/img/plot.png": PLOT,
        }
    )
    response = upload(staff, bank, "team.zip")
    assert response.status_code == 200
    notes = response.context["report"].image_notes
    assert notes == [
        "img/plot.png was brought in from the archive.",
        "img/gone.png is not in the archive.",
        f"{server.url}/remote.png is not shown: remote images are downloaded only when you "
        "tick it.",
    ]
    page = response.content.decode()
    assert "img/gone.png is not in the archive." in page
    assert [row.status for row in response.context["report"].rows] == ["new", "new"]
    # The preview stored the figure to check it, then rolled back its row and removed its file.
    assert not Figure.objects.exists() and not Question.objects.exists()
    assert stored_files(media) == []
    assert server.fetched == []

    response = staff.post(CONFIRM, {"token": response.context["token"]}, follow=True)
    assert "Imported into “team.zip”: 2 created" in response.content.decode()
    figure = Figure.objects.get()
    assert figure.file.read() == PLOT
    assert figure.origin.key == "markdown:team.zip"
    first = Question.objects.get(number=1)
    assert first.answer_md == f"![the plot]({figure.markdown_url})"
    assert stored_files(media) == [f"{figure.pk}.png"]
    second = Question.objects.get(number=2)
    assert "img/gone.png" in second.answer_md and f"{server.url}/remote.png" in second.answer_md


def test_remote_images_are_downloaded_only_when_ticked_in_tables_too(staff, media, server):
    csv = (
        "slug,title,answer_md,supplement_md\n"
        f'remote,Remote?,"![chart]({server.url}/remote.png)","![same]({server.url}/remote.png)"\n'
    ).encode()
    response = upload(staff, csv, "bank.csv", download_images="on")
    assert response.context["report"].image_notes == [f"{server.url}/remote.png was downloaded."]
    assert not Figure.objects.exists() and stored_files(media) == []

    staff.post(CONFIRM, {"token": response.context["token"]})
    figure = Figure.objects.get()
    question = Question.objects.get(slug="remote")
    assert question.answer_md == f"![chart]({figure.markdown_url})"
    assert question.supplement_md == f"![same]({figure.markdown_url})"
    assert figure.file.read() == REMOTE and figure.origin.key == "table:bank.csv"
    # Fetched once for the preview and once on confirm, each time once for both texts.
    assert server.fetched == ["/remote.png", "/remote.png"]


def test_the_tick_is_off_by_default(staff):
    page = staff.get(IMPORT).content.decode()
    assert 'name="download_images"' in page
    assert 'name="download_images" checked' not in page


def test_an_import_refused_on_confirm_leaves_no_figure_behind(staff, media, server):
    csv = f'slug,title,answer_md\nplotted,Plot?,"![chart]({server.url}/remote.png)"\n'.encode()
    token = upload(staff, csv, "bank.csv", download_images="on").context["token"]
    # Between the preview and the confirm, a question written in the admin takes the slug.
    Question.objects.create(slug="plotted", number=1, title="Taken", answer_md="x")

    response = staff.post(CONFIRM, {"token": token}, follow=True)
    assert "1 of 1 rows have problems, so nothing was imported." in response.content.decode()
    assert server.fetched == ["/remote.png", "/remote.png"]
    assert not Figure.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../outside.md": b"# 01. x\n\ny"}, "points outside it"),
        ({"/etc/bank.md": b"# 01. x\n\ny"}, "points outside it"),
        ({"a.md": b"# 01. x\n\ny", "b.md": b"# 01. y\n\nz"}, "exactly one Markdown file"),
        ({"plot.png": PLOT}, "exactly one Markdown file"),
        ({"a.md": b"# 01. x\n\ny", "figures.json": b"[1]"}, "figures.json in the archive cannot"),
    ],
)
def test_a_bad_zip_is_refused_with_a_message(staff, media, files, message):
    response = upload(staff, zip_of(files), "bank.zip")
    assert response.status_code == 200
    assert message in response.context["refusal"]
    assert "token" not in response.context
    assert not Question.objects.exists() and not Figure.objects.exists()


def test_a_zip_bomb_is_refused_through_the_upload(staff, media):
    bomb = zip_of({"bank.md": b"# 01. x\n\ny", "zeros.png": b"\0" * (5 * 1024 * 1024)})
    response = upload(staff, bomb, "bank.zip")
    assert "possible zip bomb" in response.context["refusal"]
    assert not Figure.objects.exists() and stored_files(media) == []


def test_a_file_that_is_not_a_zip_is_refused(staff):
    response = upload(staff, b"# 01. x\n\ny", "bank.zip")
    assert "is not a ZIP archive" in response.context["refusal"]

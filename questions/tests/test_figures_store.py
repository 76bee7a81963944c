"""Storing figures: only real PNG/JPEG/WebP/GIF images within the limits, once each."""

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from questions.figures import Figure
from questions.figures_store import FigureRefused, figure_from_bytes, figure_markdown
from questions.limits import FIGURE_MAX_BYTES, FIGURE_MAX_SIDE
from questions.tests import factories as images

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield tmp_path


@pytest.mark.parametrize(
    "data, content_type, extension",
    [
        (images.png(), "image/png", ".png"),
        (images.jpeg(), "image/jpeg", ".jpg"),
        (images.webp(), "image/webp", ".webp"),
        (images.gif(), "image/gif", ".gif"),
    ],
)
def test_each_image_type_is_stored_by_its_bytes_not_its_name(data, content_type, extension):
    figure = figure_from_bytes(data, name="diagram.svg", alt="A diagram")
    assert figure.content_type == content_type
    assert figure.file.name == f"figures/{figure.pk}{extension}"
    assert figure.size == len(data)
    assert figure.name == "diagram.svg"
    with default_storage.open(figure.file.name, "rb") as stored:
        assert stored.read() == data
    assert figure.markdown_url == f"/figures/{figure.pk}{extension}"


def test_the_same_bytes_return_the_figure_stored_before():
    first = figure_from_bytes(images.png(), name="a.png")
    again = figure_from_bytes(images.png(), name="b.png", alt="Now described")
    assert again.pk == first.pk
    assert Figure.objects.count() == 1
    assert again.alt == "Now described"  # filled in, since the first had none


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (images.SVG, "SVG"),
        (b"<html><body>not an image</body></html>", "not a PNG, JPEG, WebP or GIF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "damaged"),
        (images.png(1, 1)[:16] + b"\x00\x01\x00\x00\x00\x00\x00\x01", f"at most {FIGURE_MAX_SIDE}"),
    ],
)
def test_refused_images_say_why_and_store_nothing(data, words, media):
    with pytest.raises(FigureRefused) as refused:
        figure_from_bytes(data, name="upload.png")
    assert words in refused.value.message
    assert "upload.png" in refused.value.message
    assert not Figure.objects.exists()
    assert not list(media.rglob("*.*"))


def test_an_image_over_the_limit_is_refused_with_the_limit_stated():
    data = images.png() + b"\x00" * FIGURE_MAX_BYTES
    with pytest.raises(FigureRefused) as refused:
        figure_from_bytes(data, name="big.png")
    assert "5.0\xa0MB" in refused.value.message


def test_figure_markdown_uses_the_description_and_escapes_brackets():
    figure = figure_from_bytes(images.png(), name="plot.png", alt="Loss [log]\nscale")
    assert figure_markdown(figure) == f"![Loss \\[log\\] scale]({figure.markdown_url})"
    unnamed = figure_from_bytes(images.gif(), name="curve.gif")
    assert figure_markdown(unnamed) == f"![curve]({unnamed.markdown_url})"

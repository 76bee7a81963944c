"""Uploading figures in the admin: the Figure pages and the Markdown editors' endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from questions.figures import Figure
from questions.figures_store import figure_from_bytes, figure_markdown
from questions.limits import FIGURE_MAX_BYTES
from questions.tests import factories as images
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/questions/figure/upload/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_file(data, name="pasted.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_the_upload_endpoint_stores_an_image_and_answers_its_markdown(admin_client):
    response = admin_client.post(UPLOAD, {"image": image_file(images.png(), "graph.png")})
    assert response.status_code == 201
    figure = Figure.objects.get()
    assert response.json() == {
        "id": str(figure.pk),
        "url": figure.markdown_url,
        "markdown": f"![graph]({figure.markdown_url})",
    }
    assert figure.name == "graph.png" and figure.content_type == "image/png"


@pytest.mark.parametrize(
    "data, name, words",
    [
        (images.SVG, "drawing.svg", "SVG"),
        (b"<html>not an image</html>", "photo.png", "photo.png is not a PNG, JPEG, WebP or GIF"),
        (images.png() + b"\0" * FIGURE_MAX_BYTES, "big.png", "5.0\xa0MB"),
    ],
)
def test_the_upload_endpoint_refuses_what_is_not_an_image_with_a_message(
    admin_client, data, name, words
):
    response = admin_client.post(
        UPLOAD, {"image": image_file(data, name)}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert not Figure.objects.exists()


def test_the_upload_endpoint_is_for_staff_only_and_posts_only(client, user, admin_client):
    client.force_login(user)
    response = client.post(UPLOAD, {"image": image_file(images.png())})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Client().post(UPLOAD, {"image": image_file(images.png())}).status_code == 302
    assert admin_client.get(UPLOAD).status_code == 405
    assert not Figure.objects.exists()


def test_the_upload_endpoint_checks_csrf(admin_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    assert strict.post(UPLOAD, {"image": image_file(images.png())}).status_code == 403
    assert not Figure.objects.exists()


def test_markdown_editors_offer_to_add_an_image(admin_client):
    question = QuestionFactory()
    response = admin_client.get(reverse("admin:questions_question_change", args=[question.pk]))
    html = response.content.decode()
    assert (
        html.count('class="md-figure-tools" data-upload-url="/admin/questions/figure/upload/"') == 2
    )
    assert 'class="md-figure-input"' in html
    assert "/static/js/admin-figures.js" in html


def test_the_live_preview_shows_an_uploaded_figure(admin_client):
    figure = figure_from_bytes(images.png(), name="p.png", alt="A plot")
    response = admin_client.post(
        reverse("admin:questions_question_markdown_preview", args=["answer_md"]),
        {"answer_md": figure_markdown(figure)},
    )
    assert f'src="{figure.markdown_url}"' in response.content.decode()


def test_a_figure_is_added_on_its_admin_page_and_listed_with_its_markdown(admin_client):
    response = admin_client.post(
        "/admin/questions/figure/add/",
        {"image": image_file(images.gif(), "curve.gif"), "alt": "A curve"},
    )
    figure = Figure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:questions_figure_changelist")
    assert (figure.name, figure.alt, figure.content_type) == ("curve.gif", "A curve", "image/gif")
    listing = admin_client.get("/admin/questions/figure/").content.decode()
    assert f'class="figure-thumb" src="{figure.markdown_url}"' in listing
    page = admin_client.get(reverse("admin:questions_figure_change", args=[figure.pk]))
    assert f'value="![A curve]({figure.markdown_url})"' in page.content.decode()


def test_the_figure_add_page_refuses_a_non_image_and_says_why(admin_client):
    response = admin_client.post(
        "/admin/questions/figure/add/", {"image": image_file(images.SVG, "x.svg"), "alt": ""}
    )
    assert response.status_code == 200
    assert "SVG" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_figure_list_takes_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for seed in range(12):
        figure_from_bytes(images.png(seed=seed, width=5 + seed), name=f"{seed}.png")
    with django_assert_max_num_queries(8):
        assert admin_client.get("/admin/questions/figure/").status_code == 200

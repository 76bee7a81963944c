"""Serving figures: the stored bytes, their checked type, nosniff, cached for good."""

import boto3
import pytest
from moto import mock_aws

from questions.figures_store import figure_from_bytes
from questions.tests import factories as images

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_served(response, data, content_type):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]


def test_a_figure_is_served_at_its_markdown_url(client):
    data = images.webp()
    figure = figure_from_bytes(data, name="x.png")
    assert_served(client.get(figure.markdown_url), data, "image/webp")


def test_unknown_figures_and_wrong_extensions_are_not_found(client):
    figure = figure_from_bytes(images.png(), name="x.png")
    assert client.get(f"/figures/{figure.pk}.gif").status_code == 404
    assert client.get("/figures/00000000-0000-0000-0000-000000000000.png").status_code == 404
    assert client.get(f"/figures/{figure.pk}.png/../x").status_code == 404
    assert client.post(figure.markdown_url).status_code == 405


def test_a_figure_whose_file_is_gone_is_not_found(client):
    figure = figure_from_bytes(images.png(), name="x.png")
    figure.file.delete(save=False)
    assert client.get(figure.markdown_url).status_code == 404


def test_figures_are_stored_and_served_through_object_storage(client, settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="figures")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "figures",
                    "region_name": "us-east-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        data = images.png(seed=3)
        figure = figure_from_bytes(data, name="s3.png")
        stored = boto3.client("s3", region_name="us-east-1").get_object(
            Bucket="figures", Key=figure.file.name
        )
        assert stored["Body"].read() == data
        assert_served(client.get(figure.markdown_url), data, "image/png")

"""The same chunks, join and ranged read with recordings in an S3 bucket (moto)."""

from datetime import timedelta

import boto3
import pytest
from moto import mock_aws

from testsupport import START
from voice import webm
from voice.models import Recording, RecordingChunk
from voice.services import orphan_files
from voice.tests.helpers import SAMPLE, finish, pieces, post_chunk

pytestmark = pytest.mark.django_db(transaction=True)  # the chunks' files go after the commit

BUCKET = "recordings-test"


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def keys(s3) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_chunks_join_and_ranges_through_s3(bucket, user_client, answer, clock):
    for sequence in (1, 0, 2):
        response = post_chunk(user_client, answer, sequence, pieces(SAMPLE, 3)[sequence])
        assert response.json()["stored"] is True
    assert len(keys(bucket)) == 3 and all(
        key.startswith("recording-chunks/") for key in keys(bucket)
    )
    assert finish(user_client, answer).status_code == 200
    part = Recording.objects.get().parts.get()
    assert keys(bucket) == [part.file.name] and part.file.name.startswith("recordings/")
    assert not RecordingChunk.objects.exists()
    stored = bucket.get_object(Bucket=BUCKET, Key=part.file.name)["Body"].read()
    assert webm.duration_ms(stored) == webm.measure_ms(SAMPLE)
    url = f"/voice/recordings/{part.recording_id}/parts/1/audio/"
    response = user_client.get(url, headers={"range": "bytes=100-199"})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == stored[100:200]
    assert response["Content-Range"] == f"bytes 100-199/{len(stored)}"
    bucket.put_object(Bucket=BUCKET, Key="recordings/9/stray.webm", Body=b"x")
    assert orphan_files(now=START) == []  # too young to be called an orphan
    later = START + timedelta(hours=2)
    assert orphan_files(now=later) == ["recordings/9/stray.webm"]

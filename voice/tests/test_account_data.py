"""A user's recordings in the account export, gone with the account, and the orphan command."""

import io
import os
import time
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from accounts.tests.factories import PASSWORD
from interview import services as interview_services
from testsupport import START, exported_json
from voice.models import RecordingPart
from voice.services.joining import storage
from voice.tests.helpers import SAMPLE, finish, pieces, post_chunk

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(user_client, answer):
    for sequence, piece in enumerate(pieces(SAMPLE, 3)):
        post_chunk(user_client, answer, sequence, piece)
    figures = {"total_ms": 2000, "speaking_ms": 1500, "silence_share": "0.25"}
    finish(user_client, answer, long_pauses=0, longest_pause_ms=0, **figures)
    return interview_services.answer_submit(answer=answer, text="typed", now=START)


def test_the_export_is_a_zip_of_the_json_and_every_recording(user_client, recorded):
    response = user_client.get("/account/export/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = exported_json(user_client.get("/account/export/"))
    entry = data["voice"]["recordings"][0]
    assert entry["speaking_ms"] == 1500
    name = entry["files"][0]
    assert name == f"voice/interview-{recorded.interview_id}-question-1-part-1.webm"
    part = RecordingPart.objects.get()
    with part.file.open("rb") as stored:
        assert archive.read(name) == stored.read()
    assert sorted(archive.namelist()) == ["data.json", name]


def test_deleting_the_account_deletes_the_files(
    user, user_client, recorded, django_capture_on_commit_callbacks
):
    part = RecordingPart.objects.get()
    stray = storage().save(f"recordings/{user.pk}/stray.webm", ContentFile(b"x"))
    assert storage().exists(part.file.name) and storage().exists(stray)
    with django_capture_on_commit_callbacks(execute=True):
        user_client.post("/account/delete/", {"password": PASSWORD})
    assert not storage().exists(part.file.name)
    assert not storage().exists(stray)


def age(name, seconds):
    path = storage().path(name)
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_the_orphan_command_lists_by_default_and_deletes_only_old_unnamed_files(
    user, recorded, capsys
):
    part = RecordingPart.objects.get()
    old = storage().save(f"recording-chunks/{user.pk}/old.part", ContentFile(b"x"))
    young = storage().save(f"recording-chunks/{user.pk}/young.part", ContentFile(b"x"))
    age(old, 7200)
    age(part.file.name, 7200)  # named by a row: never an orphan, however old
    call_command("voice_orphans")
    out = capsys.readouterr().out
    assert old in out and young not in out and part.file.name not in out
    assert storage().exists(old)  # a dry run by default
    call_command("voice_orphans", "--delete")
    assert not storage().exists(old)
    assert storage().exists(young) and storage().exists(part.file.name)

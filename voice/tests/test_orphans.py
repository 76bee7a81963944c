"""orphan_files: stored audio no row names, never a file younger than an hour."""

import os
from datetime import timedelta

import pytest

from testsupport import START
from voice.models import RecordingChunk, RecordingPart
from voice.services import delete_files, orphan_files
from voice.tests.helpers import SAMPLE, finish, post_chunk

pytestmark = pytest.mark.django_db


def age(path, seconds):
    moment = (START - timedelta(seconds=seconds)).timestamp()
    os.utime(path, (moment, moment))


@pytest.mark.django_db(transaction=True)  # the joined chunks' files go after the commit
def test_only_old_files_that_no_row_names_are_orphans(user_client, answer, media):
    post_chunk(user_client, answer, 0, SAMPLE[:3000], part="joined")
    finish(user_client, answer, part="joined")
    post_chunk(user_client, answer, 0, SAMPLE[:3000], part="waiting")
    stray_part = media / "recordings" / "1" / "gone.webm"
    stray_chunk = media / "recording-chunks" / "7" / "gone.part"
    fresh = media / "recording-chunks" / "7" / "just-written.part"
    unrelated = media / "figures" / "old.png"
    for path in (stray_part, stray_chunk, fresh, unrelated):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    for path in media.rglob("*"):
        if path.is_file() and path != fresh:
            age(path, 2 * 3600)
    age(fresh, 10 * 60)
    orphans = orphan_files(now=START)
    assert orphans == ["recording-chunks/7/gone.part", "recordings/1/gone.webm"]
    delete_files(orphans)
    named = [RecordingPart.objects.exclude(file="").get().file.name]
    named += list(RecordingChunk.objects.values_list("file", flat=True))
    assert all((media / name).exists() for name in named)
    assert fresh.exists() and unrelated.exists()
    assert orphan_files(now=START) == []


def test_no_folders_yet_means_no_orphans(db, clock):
    assert orphan_files(now=START) == []

"""Two copies of one chunk at the same moment (a retry racing the original), and chunks of
one answer sent at once: each chunk is stored once, none lost, no 500."""

import threading

import pytest
from django.db import connection

from testsupport import english_client
from voice.models import Recording, RecordingChunk
from voice.tests.helpers import SAMPLE, pieces, post_chunk

pytestmark = pytest.mark.django_db(transaction=True)


def race(user, answer, chunks):
    """Post every (sequence, data) of `chunks` at once, each from a client of its own."""
    barrier = threading.Barrier(len(chunks))
    results = []

    def send(sequence, data):
        client = english_client()
        client.force_login(user)
        barrier.wait()
        try:
            response = post_chunk(client, answer, sequence, data)
            results.append((response.status_code, response.json().get("stored")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=chunk) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_copies_of_one_chunk_store_it_once(user, answer, media):
    slices = pieces(SAMPLE, 3)
    results = race(user, answer, [(0, slices[0])] * 2)
    assert sorted(results) == [(200, False), (200, True)]
    assert RecordingChunk.objects.count() == 1
    assert len([path for path in media.rglob("*") if path.is_file()]) == 1
    assert Recording.objects.get().bytes_total == len(slices[0])


def test_chunks_sent_at_once_are_all_stored(user, answer):
    slices = pieces(SAMPLE, 4)
    results = race(user, answer, list(enumerate(slices)))
    assert sorted(results) == [(200, True)] * 4
    assert Recording.objects.get().bytes_total == len(SAMPLE)
    assert sorted(RecordingChunk.objects.values_list("sequence", flat=True)) == [0, 1, 2, 3]

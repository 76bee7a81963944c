"""Audio out: Range requests, the owner only, state after a reload, deleting a recording."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from interview.models import Answer
from voice.models import Recording, RecordingChunk, RecordingPart
from voice.tests.helpers import SAMPLE, answer_url, finish, pieces, post_chunk

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(user_client, answer):
    for sequence, piece in enumerate(pieces(SAMPLE, 3)):
        post_chunk(user_client, answer, sequence, piece)
    finish(user_client, answer)
    recording = Recording.objects.get()
    return recording, f"/voice/recordings/{recording.pk}/parts/1/audio/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_whole_file_with_its_headers(user_client, recorded):
    _recording, url = recorded
    response = user_client.get(url)
    assert response.status_code == 200
    data = body(response)
    assert len(data) == len(SAMPLE) + 11 and data[:4] == b"\x1a\x45\xdf\xa3"
    assert response["Content-Type"] == "audio/webm"
    assert response["Content-Length"] == str(len(data))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", None, None)],
)
def test_a_range_gets_206_with_the_right_bytes(user_client, recorded, header, first, last):
    _recording, url = recorded
    whole = body(user_client.get(url))
    size = len(whole)
    if first is None:
        first, last = size - 50, size - 1
    last = size - 1 if last is None else last
    response = user_client.get(url, headers={"range": header})
    assert response.status_code == 206
    assert body(response) == whole[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Cache-Control"] == "private, no-store"


def test_a_range_past_the_end_is_clipped(user_client, recorded):
    _recording, url = recorded
    size = len(body(user_client.get(url)))
    response = user_client.get(url, headers={"range": f"bytes=10-{size + 500}"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{size - 1}/{size}"


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=-0", "bytes=999999-1000000"])
def test_an_unsatisfiable_range_gets_416(user_client, recorded, header):
    _recording, url = recorded
    size = len(body(user_client.get(url)))
    response = user_client.get(url, headers={"range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "pages=1-2", "bytes=abc", "bytes=9-2"])
def test_ranges_we_do_not_serve_get_the_whole_file(user_client, recorded, header):
    _recording, url = recorded
    response = user_client.get(url, headers={"range": header})
    assert response.status_code == 200


def test_another_user_and_anonymous_get_404_everywhere(login, answer, recorded, clock):
    recording, audio_url = recorded
    stranger = login(UserFactory())
    anonymous = Client()
    urls = [
        ("get", audio_url),
        ("get", answer_url(answer, "state")),
        ("post", answer_url(answer, "finish")),
        ("post", answer_url(answer, "chunks")),
        ("post", f"/voice/recordings/{recording.pk}/delete/"),
    ]
    for client in (stranger, anonymous):
        for method, url in urls:
            data = {"part": "p1", "duration_ms": "1", "sequence": "0", "mime": "audio/webm"}
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, (url, response.status_code)
    stranger_chunk = post_chunk(stranger, answer, 5, SAMPLE[:100])
    assert stranger_chunk.status_code == 404
    assert Recording.objects.filter(pk=recording.pk).exists()


def test_playback_joins_chunks_of_a_part_never_finished(user_client, answer):
    post_chunk(user_client, answer, 0, SAMPLE[:3000])
    post_chunk(user_client, answer, 1, SAMPLE[3000:])
    recording = Recording.objects.get()
    response = user_client.get(f"/voice/recordings/{recording.pk}/parts/1/audio/")
    assert response.status_code == 200
    assert len(body(response)) == len(SAMPLE) + 11
    assert not RecordingChunk.objects.exists()


def test_a_part_that_does_not_exist_is_404(user_client, recorded):
    recording, _url = recorded
    response = user_client.get(f"/voice/recordings/{recording.pk}/parts/9/audio/")
    assert response.status_code == 404


def test_state_tells_a_reloaded_page_where_it_was(user_client, answer, recorded):
    post_chunk(user_client, answer, 0, SAMPLE[:1000], part="second")
    post_chunk(user_client, answer, 1, SAMPLE[1000:2000], part="second")
    response = user_client.get(answer_url(answer, "state"))
    assert response.status_code == 200
    state = response.json()
    recording, _url = recorded
    assert state["recording"] == str(recording.pk)
    assert state["bytes_total"] == len(SAMPLE) + 2000
    assert state["parts"] == [
        {"key": "p1", "number": 1, "next_sequence": 3, "finished": True, "duration_ms": 2000},
        {"key": "second", "number": 2, "next_sequence": 2, "finished": False, "duration_ms": None},
    ]
    assert state["figures"] is None
    assert state["limits"]["timeslice_ms"] == 3000
    assert state["limits"]["max_seconds"] == answer.time_limit_seconds + 60
    assert state["limits"]["quota_left_bytes"] == 500 * 1024 * 1024 - state["bytes_total"]


def test_state_before_any_audio(user_client, answer):
    state = user_client.get(answer_url(answer, "state")).json()
    assert state["recording"] is None and state["parts"] == [] and state["bytes_total"] == 0


@pytest.mark.django_db(transaction=True)  # the chunks' files go once the join commits
def test_deleting_a_recording_removes_files_and_rows_but_keeps_the_text(
    user_client, answer, recorded, media
):
    recording, url = recorded
    Answer.objects.filter(pk=answer.pk).update(draft_text="what I typed")
    post_chunk(user_client, answer, 0, SAMPLE[:1000], part="pending")
    assert any(media.rglob("*.part")) and any(media.rglob("*.webm"))
    response = user_client.post(f"/voice/recordings/{recording.pk}/delete/", {"next": "/history/"})
    assert response.status_code == 302 and response["Location"] == "/history/"
    assert [path for path in media.rglob("*") if path.is_file()] == []
    assert not Recording.objects.exists() and not RecordingPart.objects.exists()
    assert Answer.objects.get(pk=answer.pk).draft_text == "what I typed"
    assert user_client.get(url).status_code == 404


def test_deleting_goes_back_to_the_answer_or_answers_htmx_with_a_fragment(
    user_client, answer, recorded
):
    recording, _url = recorded
    response = user_client.post(
        f"/voice/recordings/{recording.pk}/delete/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == answer.get_absolute_url()
    for sequence, piece in enumerate(pieces(SAMPLE, 2)):
        post_chunk(user_client, answer, sequence, piece, part="again")
    again = Recording.objects.get()
    response = user_client.post(
        f"/voice/recordings/{again.pk}/delete/", headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    assert b"Recording deleted." in response.content
    assert not Recording.objects.exists()

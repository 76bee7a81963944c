"""Chunks in: order, duplicates, retries, every limit, types and magic bytes, the grace time."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from interview import services as interview_services
from testsupport import START
from voice import webm
from voice.models import AnswerMode, Recording, RecordingChunk, RecordingPart
from voice.tests.helpers import SAMPLE, WEBM, finish, pieces, post_chunk, speaking_answer

pytestmark = pytest.mark.django_db

FIGURES = {
    "total_ms": 2000,
    "speaking_ms": 1500,
    "silence_share": 0.25,
    "long_pauses": 0,
    "longest_pause_ms": 400,
}


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file())


def part_bytes(part: RecordingPart) -> bytes:
    with default_storage.open(part.file.name, "rb") as stored:
        return stored.read()


@pytest.mark.django_db(transaction=True)  # the chunks' files go once the join commits
def test_chunks_arriving_out_of_order_are_joined_in_order(user_client, answer, media):
    slices = pieces(SAMPLE, 4)
    for sequence in (0, 2, 1, 3):
        response = post_chunk(user_client, answer, sequence, slices[sequence])
        assert response.status_code == 200, response.content
        assert response.json()["stored"] is True
    assert response.json()["bytes_total"] == len(SAMPLE)
    response = finish(user_client, answer, **FIGURES)
    assert response.status_code == 200
    recording = Recording.objects.get(answer=answer)
    assert response.json() == {"finished": True, "recording": str(recording.pk)}
    part = recording.parts.get()
    joined = part_bytes(part)
    # The same audio, with a Duration written into its Segment Info.
    assert webm.duration_ms(joined) == pytest.approx(webm.measure_ms(SAMPLE))
    assert len(joined) == len(SAMPLE) + 11
    assert joined.endswith(SAMPLE[-4000:])
    assert not RecordingChunk.objects.exists()
    assert stored_files(media) == [media / part.file.name]
    assert part.finished_at == START and part.duration_ms == 2000
    assert (recording.duration_ms, recording.speaking_ms, recording.long_pauses) == (2000, 1500, 0)


def test_a_retried_chunk_is_not_stored_twice(user_client, answer, media):
    slices = pieces(SAMPLE, 2)
    assert post_chunk(user_client, answer, 0, slices[0]).json()["stored"] is True
    files = stored_files(media)
    again = post_chunk(user_client, answer, 0, slices[0])
    assert again.status_code == 200
    assert again.json() == {
        "stored": False,
        "part": 1,
        "sequence": 0,
        "bytes_total": len(slices[0]),
    }
    assert stored_files(media) == files
    assert RecordingChunk.objects.count() == 1
    assert Recording.objects.get().chunk_count == 1


def test_a_chunk_retried_after_its_part_was_joined_is_not_stored_again(user_client, answer):
    slices = pieces(SAMPLE, 2)
    post_chunk(user_client, answer, 0, slices[0])
    post_chunk(user_client, answer, 1, slices[1])
    finish(user_client, answer)
    assert post_chunk(user_client, answer, 1, slices[1]).json()["stored"] is False
    assert not RecordingChunk.objects.exists()


def test_a_retry_after_a_refused_chunk_is_stored(user_client, answer, media, monkeypatch):
    slices = pieces(SAMPLE, 2)
    monkeypatch.setattr("voice.limits.MAX_CHUNK_BYTES", 10)
    assert post_chunk(user_client, answer, 0, slices[0]).status_code == 413
    assert stored_files(media) == [] and not Recording.objects.exists()
    monkeypatch.setattr("voice.limits.MAX_CHUNK_BYTES", 2 * 1024 * 1024)
    assert post_chunk(user_client, answer, 0, slices[0]).json()["stored"] is True
    assert post_chunk(user_client, answer, 1, slices[1]).json()["stored"] is True


LIMITS = [
    ("MAX_CHUNK_BYTES", 100, 1, 413, "chunk-too-large"),
    ("MAX_ANSWER_BYTES", 2500, 2, 413, "answer-too-large"),
    ("MAX_CHUNKS_PER_ANSWER", 2, 3, 413, "too-many-chunks"),
    ("USER_QUOTA_BYTES", 2500, 2, 413, "quota"),
]


@pytest.mark.parametrize(("limit", "value", "refused_at", "status", "code"), LIMITS)
def test_every_limit_refuses_with_its_code_and_leaves_nothing(
    user_client, answer, media, monkeypatch, limit, value, refused_at, status, code
):
    monkeypatch.setattr(f"voice.limits.{limit}", value)
    slices = [SAMPLE[:2000], SAMPLE[2000:3000], SAMPLE[3000:4000]]
    for sequence in range(refused_at - 1):
        assert post_chunk(user_client, answer, sequence, slices[sequence]).status_code == 200
    files, rows = stored_files(media), list(RecordingChunk.objects.values_list("pk", flat=True))
    before = list(Recording.objects.values("bytes_total", "chunk_count"))
    response = post_chunk(user_client, answer, refused_at - 1, slices[refused_at - 1])
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["error"]
    assert stored_files(media) == files
    assert list(RecordingChunk.objects.values_list("pk", flat=True)) == rows
    assert list(Recording.objects.values("bytes_total", "chunk_count")) == before


def test_the_quota_counts_every_recording_of_the_user(user, user_client, answer, monkeypatch):
    other = speaking_answer(user)
    post_chunk(user_client, other, 0, SAMPLE[:2000])
    monkeypatch.setattr("voice.limits.USER_QUOTA_BYTES", 3000)
    assert post_chunk(user_client, answer, 0, SAMPLE[:2000]).json()["code"] == "quota"


@pytest.mark.parametrize("mime", ["audio/wav", "video/webm", "text/plain", "audio/mpeg"])
def test_containers_not_allowed_get_415(user_client, answer, mime):
    response = post_chunk(user_client, answer, 0, SAMPLE[:1000], mime=mime)
    assert response.status_code == 415
    assert response.json()["code"] == "type"
    assert not Recording.objects.exists()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (PNG, WEBM),
        (b"just some text claiming to be audio", WEBM),
        (SAMPLE[:1000], "audio/mp4"),
        (SAMPLE[:1000], "audio/ogg;codecs=opus"),
        (b"OggS" + b"\x00" * 50, WEBM),
    ],
)
def test_forged_magic_bytes_get_400_not_audio(user_client, answer, media, data, mime):
    response = post_chunk(user_client, answer, 0, data, mime=mime)
    assert response.status_code == 400
    assert response.json()["code"] == "not-audio"
    assert stored_files(media) == [] and not Recording.objects.exists()


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\x00\x00\x00\x20ftypisom" + b"\x00" * 40, "audio/mp4"),
        (b"OggS" + b"\x00" * 50, "audio/ogg;codecs=opus"),
    ],
)
def test_mp4_and_ogg_are_stored_as_they_arrived(user_client, answer, data, mime):
    assert post_chunk(user_client, answer, 0, data, mime=mime).json()["stored"] is True
    finish(user_client, answer)
    part = RecordingPart.objects.get()
    assert part.content_type == mime.split(";")[0]
    assert part_bytes(part) == data


def test_later_chunks_must_claim_the_same_container(user_client, answer):
    post_chunk(user_client, answer, 0, SAMPLE[:1000])
    response = post_chunk(user_client, answer, 1, SAMPLE[1000:2000], mime="audio/mp4")
    assert response.status_code == 400
    assert response.json()["code"] == "bad-request"


def test_a_chunk_that_overtakes_the_first_is_kept_and_the_first_still_checked(user_client, answer):
    assert post_chunk(user_client, answer, 1, SAMPLE[1000:]).json()["stored"] is True
    assert post_chunk(user_client, answer, 0, PNG).json()["code"] == "not-audio"
    assert post_chunk(user_client, answer, 0, SAMPLE[:1000]).json()["stored"] is True
    finish(user_client, answer)
    assert len(part_bytes(RecordingPart.objects.get())) == len(SAMPLE) + 11


@pytest.mark.django_db(transaction=True)
def test_a_gap_at_done_time_waits_for_the_missing_chunk(user_client, answer, clock):
    slices = pieces(SAMPLE, 3)
    post_chunk(user_client, answer, 0, slices[0])
    post_chunk(user_client, answer, 2, slices[2])  # overtook chunk 1, still on its way
    submit(answer, START)
    part = RecordingPart.objects.get()
    assert part.joined_sequences == 1 and RecordingChunk.objects.get().sequence == 2
    clock.shift(timedelta(seconds=5))
    assert post_chunk(user_client, answer, 1, slices[1]).json()["stored"] is True
    part.refresh_from_db()
    assert part.joined_sequences == 3 and not RecordingChunk.objects.exists()
    assert len(part_bytes(part)) == len(SAMPLE) + 11


def test_after_grace_playback_joins_past_a_gap_that_never_filled(user_client, answer, clock):
    slices = pieces(SAMPLE, 3)
    post_chunk(user_client, answer, 0, slices[0])
    post_chunk(user_client, answer, 2, slices[2])
    submit(answer, START)
    clock.shift(timedelta(seconds=121))
    recording = Recording.objects.get()
    response = user_client.get(f"/voice/recordings/{recording.pk}/parts/1/audio/")
    assert b"".join(response.streaming_content).endswith(slices[2])
    assert post_chunk(user_client, answer, 1, slices[1]).status_code == 409


def test_a_new_part_gets_the_next_number(user_client, answer):
    post_chunk(user_client, answer, 0, SAMPLE[:1000], part="first")
    response = post_chunk(user_client, answer, 0, SAMPLE[:1000], part="after-reload")
    assert response.json()["part"] == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"part": "bad key!"},
        {"part": ""},
        {"part": "x" * 65},
        {"sequence": "-1"},
        {"sequence": "one"},
        {"mime": ""},
        {"chunk": None},
    ],
)
def test_bad_fields_get_400_bad_request(user_client, answer, fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "part": "p1",
        "sequence": "0",
        "mime": WEBM,
        "chunk": SimpleUploadedFile("blob", SAMPLE[:1000]),
    }
    data.update(fields)
    data = {name: value for name, value in data.items() if value is not None}
    response = user_client.post(f"/voice/answers/{answer.interview_id}/1/chunks/", data)
    assert response.status_code == 400
    assert response.json()["code"] == "bad-request"
    assert not Recording.objects.exists()


def test_an_interview_answered_by_typing_takes_no_audio(user, user_client, clock):
    typed = speaking_answer(user, mode=AnswerMode.TYPE)
    response = post_chunk(user_client, typed, 0, SAMPLE[:1000])
    assert response.status_code == 409
    assert response.json()["code"] == "closed"


def test_messages_follow_the_language(user, answer):
    chinese = Client(headers={"accept-language": "zh-hans"})
    chinese.force_login(user)
    response = post_chunk(chinese, answer, 0, SAMPLE[:1000], mime="audio/wav")
    assert response.json()["error"] == "这种音频无法保存（只接受 WebM、MP4 或 Ogg）。"


def submit(answer, now):
    return interview_services.answer_submit(answer=answer, text="spoken", now=now)


@pytest.mark.django_db(transaction=True)
def test_late_chunks_within_grace_land_and_are_joined(user_client, answer, clock, media):
    slices = pieces(SAMPLE, 3)
    post_chunk(user_client, answer, 0, slices[0])
    clock.shift(timedelta(seconds=10))
    submit(answer, START + timedelta(seconds=10))
    # Done: what had arrived is joined at once, though the page never finished the part.
    part = RecordingPart.objects.get()
    assert part_bytes(part).startswith(SAMPLE[:20])
    assert part.finished_at is None
    clock.shift(timedelta(seconds=60))
    assert post_chunk(user_client, answer, 1, slices[1]).json()["stored"] is True
    clock.shift(timedelta(seconds=49))
    assert post_chunk(user_client, answer, 2, slices[2]).json()["stored"] is True
    part.refresh_from_db()
    joined = part_bytes(part)
    assert len(joined) == len(SAMPLE) + 11
    assert webm.duration_ms(joined) == pytest.approx(webm.measure_ms(SAMPLE))
    assert not RecordingChunk.objects.exists()
    assert stored_files(media) == [media / part.file.name]


def test_chunks_after_grace_are_refused(user_client, answer, clock, media):
    post_chunk(user_client, answer, 0, SAMPLE[:1000])
    submit(answer, START)
    clock.shift(timedelta(seconds=121))
    files = stored_files(media)
    response = post_chunk(user_client, answer, 1, SAMPLE[1000:2000])
    assert response.status_code == 409
    assert response.json()["code"] == "closed"
    assert stored_files(media) == files


def test_an_ended_interview_takes_no_audio_for_answers_not_reached(user, user_client, clock):
    answer = speaking_answer(user, questions=2)
    interview_services.interview_end(interview=answer.interview, now=START)
    second = answer.interview.answers.get(position=2)
    assert post_chunk(user_client, second, 0, SAMPLE[:1000]).status_code == 409


@pytest.mark.django_db(transaction=True)
def test_answer_done_joins_every_unfinished_part(user_client, answer, media):
    post_chunk(user_client, answer, 0, SAMPLE[:3000], part="crashed")
    post_chunk(user_client, answer, 1, SAMPLE[3000:], part="crashed")
    post_chunk(user_client, answer, 0, SAMPLE, part="second")
    submit(answer, START)
    parts = list(RecordingPart.objects.order_by("number"))
    assert [len(part_bytes(part)) for part in parts] == [len(SAMPLE) + 11] * 2
    assert not RecordingChunk.objects.exists()
    assert stored_files(media) == sorted(media / part.file.name for part in parts)


def test_a_failing_row_deletes_the_file_written_for_it(user_client, answer, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("voice.services.chunks.RecordingPart.objects.filter", broken)
    with pytest.raises(RuntimeError):
        post_chunk(user_client, answer, 0, SAMPLE[:1000])
    assert stored_files(media) == []
    assert not RecordingChunk.objects.exists()


def test_the_chunk_endpoint_costs_the_same_queries_however_many_chunks(
    user_client, answer, django_assert_num_queries
):
    slices = pieces(SAMPLE, 12)
    post_chunk(user_client, answer, 0, slices[0])
    post_chunk(user_client, answer, 1, slices[1])
    # Session, user, the answer, its lock, the mode, recording, part, the duplicate check,
    # the quota, the row (in a savepoint), two counters, and the transaction's savepoint.
    with django_assert_num_queries(16):
        post_chunk(user_client, answer, 2, slices[2])
    for sequence in range(3, 11):
        post_chunk(user_client, answer, sequence, slices[sequence])
    with django_assert_num_queries(16):
        post_chunk(user_client, answer, 11, slices[11])

"""The WebM duration fix, checked by parsing the EBML back."""

import struct

import pytest

from voice import webm
from voice.tests.helpers import SAMPLE


def element(element_id: int, payload: bytes, *, size_length: int = 1) -> bytes:
    id_bytes = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return id_bytes + webm.encode_size(len(payload), size_length) + payload


def unknown_size(element_id: int) -> bytes:
    return element_id.to_bytes(4, "big") + b"\x01\xff\xff\xff\xff\xff\xff\xff"


def simple_block(relative_ms: int) -> bytes:
    return element(webm.SIMPLE_BLOCK, b"\x81" + struct.pack(">h", relative_ms) + b"\x80opus")


def handmade(*, segment_known: bool, info_extra: bytes = b"") -> bytes:
    """A WebM as MediaRecorder lays it out: EBML header, Segment, Info, Tracks, Clusters."""
    header = element(webm.EBML, element(0x4282, b"webm"))
    info = element(
        webm.INFO, element(webm.TIMECODE_SCALE, (1_000_000).to_bytes(3, "big")) + info_extra
    )
    tracks = element(0x1654AE6B, element(0xAE, element(0xD7, b"\x01")))
    cluster = lambda time, blocks: (  # noqa: E731
        unknown_size(webm.CLUSTER)
        + element(webm.CLUSTER_TIMECODE, time.to_bytes(2, "big"))
        + b"".join(simple_block(ms) for ms in blocks)
    )
    body = info + tracks + cluster(0, [0, 20, 40]) + cluster(1000, [0, 20, 500, 520])
    if segment_known:
        return header + element(webm.SEGMENT, body, size_length=8)
    return header + unknown_size(webm.SEGMENT) + body


def segment_size(data: bytes):
    _, start, size, _ = webm._segment(data)
    return size, start


def test_the_real_recording_has_no_duration_until_it_is_written():
    assert webm.duration_ms(SAMPLE) is None
    measured = webm.measure_ms(SAMPLE)
    assert 1800 <= measured <= 2200  # two seconds were recorded
    fixed = webm.with_duration(SAMPLE, measured)
    assert webm.duration_ms(fixed) == measured
    # Everything after the Info element is untouched, and the audio still measures the same.
    assert fixed.endswith(SAMPLE[200:])
    assert webm.measure_ms(fixed) == measured


def test_a_duration_already_there_is_overwritten_in_place():
    once = webm.with_duration(SAMPLE, 1000)
    twice = webm.with_duration(once, 2345.5)
    assert len(twice) == len(once)
    assert webm.duration_ms(twice) == 2345.5


def test_a_handmade_file_measures_its_last_block_plus_one_frame():
    data = handmade(segment_known=False)
    assert webm.measure_ms(data) == 1540  # last block at 1520 ms, frames 20 ms apart
    fixed = webm.with_duration(data, 1540)
    assert webm.duration_ms(fixed) == 1540


def test_a_segment_of_known_size_grows_with_the_info():
    data = handmade(segment_known=True)
    size, start = segment_size(data)
    assert start + size == len(data)
    fixed = webm.with_duration(data, 1540)
    new_size, new_start = segment_size(fixed)
    assert new_start + new_size == len(fixed) == len(data) + 11
    assert webm.duration_ms(fixed) == 1540


def test_a_float32_duration_is_rewritten_as_float32():
    data = handmade(segment_known=False, info_extra=element(webm.DURATION, struct.pack(">f", 5)))
    assert webm.duration_ms(data) == 5
    fixed = webm.with_duration(data, 1540)
    assert len(fixed) == len(data) and webm.duration_ms(fixed) == 1540


def test_a_file_indexed_by_a_seekhead_is_left_alone():
    data = handmade(segment_known=False)
    _, start, _, _ = webm._segment(data)
    indexed = data[:start] + element(webm.SEEK_HEAD, b"") + data[start:]
    assert webm.with_duration(indexed, 1540) == indexed


def test_a_part_cut_short_mid_block_still_measures():
    data = handmade(segment_known=False)
    assert webm.measure_ms(data[:-3]) == 1000 + 500 + 20  # the cut block is left out


@pytest.mark.parametrize("data", [b"", b"not a webm at all", b"\x1a\x45\xdf\xa3\x80", SAMPLE[:30]])
def test_what_is_not_webm_is_refused_or_unmeasured(data):
    assert webm.measure_ms(data) is None
    with pytest.raises(webm.NotWebM):
        webm.with_duration(data, 1000)

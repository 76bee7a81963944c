"""Just enough of WebM (Matroska's EBML) to give a recording its duration.

MediaRecorder writes WebM as a live stream: its Segment and Clusters have an unknown size
and its Segment Info has no Duration, so `<audio>` shows Infinity and seeks badly. Once a
part's chunks are joined, `with_duration` measures the last block's time and writes a
Duration element into Info. MP4 and Ogg need nothing of the sort and are left as they came.
"""

import struct

EBML = 0x1A45DFA3
SEGMENT = 0x18538067
SEEK_HEAD = 0x114D9B74
INFO = 0x1549A966
TIMECODE_SCALE = 0x2AD7B1
DURATION = 0x4489
CLUSTER = 0x1F43B675
CLUSTER_TIMECODE = 0xE7
SIMPLE_BLOCK = 0xA3
BLOCK_GROUP = 0xA0
BLOCK = 0xA1
CUES = 0x1C53BB6B
DEFAULT_TIMECODE_SCALE = 1_000_000  # nanoseconds per tick: ticks are milliseconds
# Elements whose children are read in line (flattened): a Cluster's blocks and timecode.
FLATTENED = {CLUSTER, BLOCK_GROUP}


class NotWebM(ValueError):
    """The bytes are not a WebM file this module can read."""


def read_id(data: bytes, pos: int) -> tuple[int, int]:
    """The element ID at `pos` (marker bits kept, as IDs are written) and where it ends."""
    if pos >= len(data):
        raise NotWebM("truncated")
    first = data[pos]
    length = 1
    while length <= 4 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 4 or pos + length > len(data):
        raise NotWebM("bad element id")
    return int.from_bytes(data[pos : pos + length], "big"), pos + length


def read_size(data: bytes, pos: int) -> tuple[int | None, int, int]:
    """(size or None when unknown, where the size ends, how many bytes it took)."""
    if pos >= len(data):
        raise NotWebM("truncated")
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise NotWebM("bad element size")
    value = first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = value == (1 << (7 * length)) - 1
    return (None if unknown else value), pos + length, length


def encode_size(value: int, length: int) -> bytes:
    """`value` as an EBML size of exactly `length` bytes (ValueError if it does not fit)."""
    if value >= (1 << (7 * length)) - 1:
        raise ValueError("size does not fit")
    return ((1 << (7 * length)) | value).to_bytes(length, "big")


def _header(data: bytes, pos: int) -> tuple[int, int | None, int, int]:
    """(id, size, where the data starts, bytes the size took) of the element at `pos`."""
    element_id, pos = read_id(data, pos)
    size, start, size_length = read_size(data, pos)
    return element_id, size, start, size_length


def _segment(data: bytes) -> tuple[int, int, int | None, int]:
    """(where the Segment starts, where its data starts, its size, its size's length)."""
    element_id, size, start, _ = _header(data, 0)
    if element_id != EBML or size is None:
        raise NotWebM("no EBML header")
    pos = start + size
    element_id, size, start, size_length = _header(data, pos)
    if element_id != SEGMENT:
        raise NotWebM("no Segment")
    return pos, start, size, size_length


def _info(data: bytes, segment_start: int) -> tuple[int, int, int, bool]:
    """(Info's position, its data start, its size, whether a SeekHead or Cues precede it)."""
    pos = segment_start
    indexed = False
    while pos < len(data):
        element_id, size, start, _ = _header(data, pos)
        if element_id == INFO and size is not None:
            return pos, start, size, indexed
        if element_id == CLUSTER or size is None:
            break
        indexed = indexed or element_id in (SEEK_HEAD, CUES)
        pos = start + size
    raise NotWebM("no Segment Info")


def _info_fields(data: bytes, start: int, size: int) -> tuple[int, tuple[int, int] | None]:
    """(the timecode scale, (position, size) of the Duration's value or None)."""
    scale, duration = DEFAULT_TIMECODE_SCALE, None
    pos, end = start, start + size
    while pos < end:
        element_id, length, value_start, _ = _header(data, pos)
        if length is None:
            raise NotWebM("unknown size in Info")
        if element_id == TIMECODE_SCALE:
            scale = int.from_bytes(data[value_start : value_start + length], "big") or scale
        elif element_id == DURATION:
            duration = (value_start, length)
        pos = value_start + length
    return scale, duration


def measure_ms(data: bytes) -> int | None:
    """How long the recording lasts: the last block's time plus one frame, in ms (None
    when the data is no WebM or holds no block).

    Reads blocks until the data ends (a part cut short by a closed tab ends mid-block).
    """
    try:
        _, segment_start, _, _ = _segment(data)
        _, info_start, info_size, _ = _info(data, segment_start)
        scale, _ = _info_fields(data, info_start, info_size)
    except NotWebM:
        return None
    cluster_time, first, last, frame = 0, None, None, None
    pos = segment_start
    try:
        while pos < len(data):
            element_id, size, start, _ = _header(data, pos)
            if element_id in FLATTENED:
                pos = start
                continue
            if size is None or start + size > len(data):
                break
            if element_id == CLUSTER_TIMECODE:
                cluster_time = int.from_bytes(data[start : start + size], "big")
            elif element_id in (SIMPLE_BLOCK, BLOCK):
                _, after_track, _ = read_size(data, start)
                (relative,) = struct.unpack(">h", data[after_track : after_track + 2])
                time = cluster_time + relative
                first = time if first is None else min(first, time)
                if last is not None and time > last:
                    # A frame's length: the shortest step between blocks (pauses are longer).
                    frame = time - last if frame is None else min(frame, time - last)
                last = time if last is None else max(last, time)
            pos = start + size
    except (NotWebM, struct.error):
        pass
    if last is None:
        return None
    return round((last - first + (frame or 0)) * scale / 1_000_000)


def with_duration(data: bytes, duration_ms: float) -> bytes:
    """`data` with its Segment Info's Duration set to `duration_ms` (added if missing).

    A Duration already there is overwritten in place. Otherwise the Info element grows by
    the new element, and a Segment of known size grows with it; a file indexed by a
    SeekHead or Cues (byte positions that would shift) is returned unchanged.
    """
    segment_pos, segment_start, segment_size, segment_size_length = _segment(data)
    info_pos, info_start, info_size, indexed = _info(data, segment_start)
    scale, duration = _info_fields(data, info_start, info_size)
    ticks = duration_ms * 1_000_000 / scale
    if duration is not None:
        value_pos, length = duration
        if length not in (4, 8):
            return data
        packed = struct.pack(">d" if length == 8 else ">f", ticks)
        return data[:value_pos] + packed + data[value_pos + length :]
    if indexed:
        return data
    element = DURATION.to_bytes(2, "big") + encode_size(8, 1) + struct.pack(">d", ticks)
    info_id_end = read_id(data, info_pos)[1]
    info_size_length = info_start - info_id_end
    new_info_size = info_size + len(element)
    try:
        info_header = data[info_pos:info_id_end] + encode_size(new_info_size, info_size_length)
    except ValueError:
        info_header = data[info_pos:info_id_end] + encode_size(new_info_size, 8)
    info = info_header + data[info_start : info_start + info_size] + element
    growth = len(info) - (info_start + info_size - info_pos)
    head = data[:segment_start]
    if segment_size is not None:
        segment_id_end = read_id(data, segment_pos)[1]
        head = data[:segment_id_end] + encode_size(segment_size + growth, segment_size_length)
    return head + data[segment_start:info_pos] + info + data[info_start + info_size :]


def duration_ms(data: bytes) -> float | None:
    """The Duration written in the file's Segment Info, in ms (None when there is none)."""
    _, segment_start, _, _ = _segment(data)
    _, info_start, info_size, _ = _info(data, segment_start)
    scale, duration = _info_fields(data, info_start, info_size)
    if duration is None:
        return None
    value_pos, length = duration
    (ticks,) = struct.unpack(">d" if length == 8 else ">f", data[value_pos : value_pos + length])
    return ticks * scale / 1_000_000

"""Just enough protobuf to read (and, for tests, write) Anki's `MediaEntries` message.

    message MediaEntries { repeated MediaEntry entries = 1; }
    message MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3;
                         optional uint32 legacy_zip_filename = 255; }

An entry's file is the ZIP member named by its position in the list, or by
`legacy_zip_filename` when set. Unknown fields are skipped, as protobuf readers do.
"""

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


class ProtobufError(ValueError):
    """The bytes are not a well-formed message."""


def read_varint(data: bytes, position: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if position >= len(data) or shift > 63:
            raise ProtobufError("truncated varint")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def fields(data: bytes):
    """(field number, wire type, value) of each field: ints for varints, bytes otherwise."""
    position = 0
    while position < len(data):
        key, position = read_varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, position = read_varint(data, position)
        elif wire == LENGTH:
            size, position = read_varint(data, position)
            if position + size > len(data):
                raise ProtobufError("truncated field")
            value, position = data[position : position + size], position + size
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if position + size > len(data):
                raise ProtobufError("truncated field")
            value, position = data[position : position + size], position + size
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        yield number, wire, value


def media_entries(data: bytes) -> list[tuple[int, str]]:
    """(ZIP member number, file name) of each entry of a MediaEntries message."""
    entries = []
    for number, wire, value in fields(data):
        if number != 1 or wire != LENGTH:
            continue
        name, member = "", len(entries)
        for entry_number, entry_wire, entry_value in fields(value):
            if entry_number == 1 and entry_wire == LENGTH:
                try:
                    name = entry_value.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise ProtobufError("a media name is not UTF-8") from error
            elif entry_number == 255 and entry_wire == VARINT:
                member = entry_value
        entries.append((member, name))
    return entries


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _length_field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | LENGTH) + _varint(len(payload)) + payload


def encode_media_entries(entries: list[tuple[str, int, bytes]]) -> bytes:
    """A MediaEntries message from (name, size, sha1) triples (used to build test decks)."""
    out = b""
    for name, size, sha1 in entries:
        entry = (
            _length_field(1, name.encode("utf-8"))
            + _varint(2 << 3 | VARINT)
            + _varint(size)
            + _length_field(3, sha1)
        )
        out += _length_field(1, entry)
    return out

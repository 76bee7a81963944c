"""Small, valid image files built by hand for tests (no imaging library needed)."""

import struct
import zlib


def png(width: int = 4, height: int = 3, *, colour=(37, 99, 235), seed: int = 0) -> bytes:
    """A real RGB PNG: a diagonal band of `colour` on white (`seed` changes the bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            on = abs(x * height - y * width) < max(width, height) * 2 or (x + y + seed) % 97 == 0
            rows.extend(colour if on else (255, 255, 255))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def gif(width: int = 2, height: int = 2) -> bytes:
    """A GIF header and a minimal body."""
    return (
        b"GIF89a"
        + struct.pack("<HH", width, height)
        + b"\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00"
        + struct.pack("<HH", width, height)
        + b"\x00\x02\x02D\x01\x00;"
    )


def jpeg(width: int = 8, height: int = 6) -> bytes:
    """A JPEG's markers up to its frame header (enough to be recognised and measured)."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = (
        b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x22\x00" * 3
    )
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def webp(width: int = 5, height: int = 7) -> bytes:
    """A lossless WebP header (VP8L) of the given size."""
    bits = (width - 1) | ((height - 1) << 14)
    body = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", bits)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)

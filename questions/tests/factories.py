"""factory_boy factories for the question bank, and small image files for figures."""

import struct
import zlib

import factory

from questions.models import Difficulty, Question, Tag


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; pass `tags=[...]` to attach tags after it is saved."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n % 1000 + 1)
    slug = factory.Sequence(lambda n: f"question-{n}")
    title = factory.Sequence(lambda n: f"第{n}题：什么是注意力机制？")
    answer_md = "注意力让模型在每一步**加权**参考输入的不同位置。"
    difficulty = Difficulty.MEDIUM
    answer_minutes = 3
    is_active = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


# Small, valid image files built by hand (no imaging library needed), for figures.
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

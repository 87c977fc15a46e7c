"""Baked badge PNGs: exactly one uncompressed `openbadges` iTXt chunk that round-trips,
and reading an uploaded PNG refuses what is not ours, damaged, huge or a bomb."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from django.test import override_settings
from PIL import Image, PngImagePlugin

from badges import baking
from tests.factories.badges import top_innovator

pytestmark = pytest.mark.django_db


def _itxt_chunks(data: bytes) -> list[bytes]:
    return [payload for kind, payload in baking.chunks(data) if kind == "iTXt"]


def test_the_baked_png_carries_the_assertion_in_exactly_one_uncompressed_itxt_chunk(staff, member):
    award = top_innovator(member.user, staff)
    data = award.baked_image.read()
    chunks = _itxt_chunks(data)
    assert len(chunks) == 1
    keyword, _sep, rest = chunks[0].partition(b"\x00")
    assert keyword == b"openbadges"
    assert rest[0] == 0  # compression flag: uncompressed
    assert all(kind not in {"tEXt", "zTXt"} for kind, _payload in baking.chunks(data))
    assertion = baking.unbake(data)
    assert assertion["id"].endswith(award.get_json_url())
    assert assertion["recipient"]["identity"] == award.recipient_hash
    # Pillow reads it as the same text, and the picture is a real PNG.
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and json.loads(image.text["openbadges"]) == assertion


def _png(width=4, height=4, text: dict | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def test_a_png_without_badge_information_is_not_ours():
    with pytest.raises(baking.BakingError, match="not a badge image"):
        baking.unbake(_png())


def test_two_openbadges_chunks_are_refused():
    data = _png(text={"openbadges": '{"id": "https://a"}'})
    first_itxt = data.index(b"iTXt") - 4
    length = struct.unpack(">I", data[first_itxt : first_itxt + 4])[0]
    chunk = data[first_itxt : first_itxt + 12 + length]
    doubled = data[:first_itxt] + chunk + chunk + data[first_itxt + 12 + length :]
    with pytest.raises(baking.BakingError):
        baking.unbake(doubled)


def test_a_damaged_png_is_refused_clearly():
    data = bytearray(_png(text={"openbadges": '{"id": "https://a"}'}))
    data[40] ^= 0xFF  # breaks a CRC
    with pytest.raises(baking.BakingError, match="damaged"):
        baking.unbake(bytes(data))
    with pytest.raises(baking.BakingError, match="damaged"):
        baking.unbake(b"\x89PNG\r\n\x1a\n" + b"\x00" * 7)
    with pytest.raises(baking.BakingError, match="not a PNG"):
        baking.unbake(b"GIF89a....")


def test_a_decompression_bomb_is_refused_from_its_header_without_decoding():
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bomb = (
        baking.PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + b'{"id": "https://x"}')
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1_000_000))
        + _chunk(b"IEND", b"")
    )
    with pytest.raises(baking.BakingError, match="too large in pixels"):
        baking.unbake(bomb)


@override_settings(IMAGE_UPLOAD_MAX_BYTES=1000)
def test_a_huge_file_is_refused_before_it_is_read():
    with pytest.raises(baking.BakingError, match="too large"):
        baking.unbake(_png(200, 200) + b"\x00" * 2000)

"""Baked badge images: the award's PNG carries its Open Badges assertion in exactly one
uncompressed `iTXt` chunk with keyword `openbadges`, so a backpack can import it.

The picture itself is drawn again from pixels (no other text chunk, no metadata of the
original survives), and reading a PNG back is bounded: size, pixels and chunk count are
checked before anything is decoded, so a bomb or a corrupt file is a clear refusal.
"""

from __future__ import annotations

import io
import json
import struct
import zlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext_lazy as _
from PIL import Image, PngImagePlugin

from .openbadges import DEFAULT_IMAGE

KEYWORD = "openbadges"
BADGE_SIDE = 400
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHUNKS = 10_000


class BakingError(ValueError):
    """An uploaded PNG is not a badge of ours, or not a PNG at all (str: for people)."""


NOT_A_BADGE = _("This file is not a badge image from this network (no badge information inside).")
NOT_A_PNG = _("This file is not a PNG image, or it is damaged.")


def _source_image(image_field) -> Image.Image:
    if image_field:
        with image_field.open("rb") as handle:
            picture = Image.open(handle)
            picture.load()
    else:
        picture = Image.open(finders.find(DEFAULT_IMAGE))
        picture.load()
    picture = picture.convert("RGBA")
    picture.thumbnail((BADGE_SIDE, BADGE_SIDE), Image.Resampling.LANCZOS)
    return picture


def bake(image_field, assertion: dict) -> bytes:
    """A PNG of the badge class's image (or the default) with `assertion` embedded."""
    picture = _source_image(image_field)
    clean = Image.new("RGBA", picture.size)
    clean.paste(picture)
    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEYWORD, json.dumps(assertion, separators=(",", ":")), zip=False)
    out = io.BytesIO()
    clean.save(out, format="PNG", pnginfo=info, optimize=False)
    return out.getvalue()


def chunks(data: bytes):
    """(type, payload) of every chunk of a PNG, checking CRCs; BakingError if damaged."""
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError(NOT_A_PNG)
    position, found = len(PNG_SIGNATURE), 0
    while position < len(data):
        if position + 8 > len(data) or found > MAX_CHUNKS:
            raise BakingError(NOT_A_PNG)
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 8 + length + 4
        if end > len(data):
            raise BakingError(NOT_A_PNG)
        payload = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + payload) != crc:
            raise BakingError(NOT_A_PNG)
        yield kind.decode("latin-1"), payload
        found += 1
        position = end
        if kind == b"IEND":
            return
    raise BakingError(NOT_A_PNG)


def _itxt(payload: bytes) -> tuple[str, bool, str]:
    keyword, _sep, rest = payload.partition(b"\x00")
    if len(rest) < 2:
        raise BakingError(NOT_A_BADGE)
    compressed = rest[0] == 1
    rest = rest[2:]
    _language, _sep, rest = rest.partition(b"\x00")
    _translated, _sep, text = rest.partition(b"\x00")
    return keyword.decode("latin-1"), compressed, text.decode("utf-8", errors="replace")


def unbake(data: bytes) -> dict:
    """The assertion embedded in a baked PNG. Checks the file is a sane PNG first
    (size, pixel count from its header, chunk CRCs) without decoding pixels; raises
    BakingError with a message for people otherwise."""
    if len(data) > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise BakingError(_("This file is too large to be one of our badge images."))
    header = None
    texts = []
    for kind, payload in chunks(data):
        if kind == "IHDR":
            if len(payload) != 13:
                raise BakingError(NOT_A_PNG)
            header = struct.unpack(">II", payload[:8])
        elif kind == "iTXt":
            keyword, compressed, text = _itxt(payload)
            if keyword == KEYWORD:
                texts.append((compressed, text))
    if header is None:
        raise BakingError(NOT_A_PNG)
    width, height = header
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise BakingError(_("This image is too large in pixels to be one of our badge images."))
    if len(texts) != 1 or texts[0][0]:
        raise BakingError(NOT_A_BADGE)
    text = texts[0][1].strip()
    try:
        assertion = json.loads(text) if text.startswith("{") else {"id": text}
    except ValueError:
        raise BakingError(NOT_A_BADGE) from None
    if not isinstance(assertion, dict) or not isinstance(assertion.get("id"), str):
        raise BakingError(NOT_A_BADGE)
    return assertion


"""Real-looking logos for the demo organizations, drawn with Pillow: an emblem (one of a
few shapes, picked from the name) beside the name set as a two-line wordmark, on a
transparent background. Stored the way an uploaded logo is (core.uploads.process_image),
so the demo exercises the same checks and re-encoding as a member's upload."""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from core.uploads import LOGO, process_image

WIDTH, HEIGHT = 480, 200
EMBLEM = 150  # px, the emblem's square
PAD = 24


def _font(size: int, *, bold: bool = False) -> ImageFont.ImageFont:
    """A TrueType font: DejaVu where the system has it, else Pillow's bundled one."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for path in (name, f"/usr/share/fonts/truetype/dejavu/{name}"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except ImportError:  # Pillow without FreeType: the small bitmap font still works
        return ImageFont.load_default()


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalpha() and w[:1].isupper()]
    return "".join(w[0] for w in words[:2]) or name[:2].upper()


def _lighter(colour: str, amount: float) -> tuple[int, int, int]:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(int(c + (255 - c) * amount) for c in (r, g, b))


def _emblem(draw: ImageDraw.ImageDraw, shape: int, colour: str, initials: str) -> None:
    x0, y0 = PAD, (HEIGHT - EMBLEM) // 2
    x1, y1 = x0 + EMBLEM, y0 + EMBLEM
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    soft = _lighter(colour, 0.55)
    if shape == 0:  # ring around a disc
        draw.ellipse((x0, y0, x1, y1), fill=colour)
        draw.ellipse((x0 + 12, y0 + 12, x1 - 12, y1 - 12), outline="white", width=5)
    elif shape == 1:  # rounded square with a rising diagonal band
        draw.rounded_rectangle((x0, y0, x1, y1), radius=30, fill=colour)
        draw.polygon([(x0 + 18, y1 - 18), (x1 - 18, y0 + 40), (x1 - 18, y0 + 70), (x0 + 48, y1 - 18)], fill=soft)
    elif shape == 2:  # hexagon
        r = EMBLEM / 2
        points = [(cx + r * dx, cy + r * dy) for dx, dy in ((0, -1), (0.87, -0.5), (0.87, 0.5), (0, 1), (-0.87, 0.5), (-0.87, -0.5))]
        draw.polygon(points, fill=colour)
    elif shape == 3:  # two overlapping circles: people meeting
        draw.ellipse((x0, y0 + 20, x0 + 110, y0 + 130), fill=soft)
        draw.ellipse((x1 - 110, y0 + 20, x1, y0 + 130), fill=colour)
    else:  # a mountain under a sun
        draw.ellipse((x1 - 60, y0 + 6, x1 - 10, y0 + 56), fill=soft)
        draw.polygon([(x0, y1), (cx - 10, y0 + 30), (x1, y1)], fill=colour)
    font = _font(56, bold=True)
    if shape == 3:
        draw.text((cx, cy + 4), initials, fill="white", font=font, anchor="mm", stroke_width=2, stroke_fill=colour)
    elif shape == 4:
        draw.text((cx, y1 - 34), initials, fill="white", font=font, anchor="mm")
    else:
        draw.text((cx, cy), initials, fill="white", font=font, anchor="mm")


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, *, bold: bool) -> ImageFont.ImageFont:
    font = _font(size, bold=bold)
    while size > 14 and draw.textlength(text, font=font) > width:
        size -= 2
        font = _font(size, bold=bold)
    return font


def logo_png(name: str, colour: str) -> bytes:
    """A wide PNG logo for the organization `name`, in `colour` ("#rrggbb")."""
    digest = hashlib.sha256(name.encode()).digest()
    image = Image.new("RGBA", (WIDTH, HEIGHT), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    _emblem(draw, digest[0] % 5, colour, _initials(name))
    words = name.split()
    split = max(1, (len(words) + 1) // 2)
    first, second = " ".join(words[:split]), " ".join(words[split:])
    left = PAD + EMBLEM + 20
    room = WIDTH - left - PAD
    top = _fit(draw, first, room, 40, bold=True)
    draw.text((left, HEIGHT / 2 - (4 if second else -14)), first, fill=colour, font=top, anchor="ls")
    if second:
        bottom = _fit(draw, second.upper(), room, 24, bold=False)
        draw.text((left, HEIGHT / 2 + 30), second.upper(), fill="#3d4451", font=bottom, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def logo_file(name: str, colour: str) -> ContentFile:
    """The logo as an uploaded file after the portal's upload checks (a re-encoded PNG
    with a random name), ready for `organization.logo.save(file.name, file)`."""
    return process_image(ContentFile(logo_png(name, colour), name="logo.png"), spec=LOGO)

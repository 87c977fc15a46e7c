"""Demo organizations get real-looking logos (an emblem and a wordmark), stored through the
same checks as an uploaded one."""

from __future__ import annotations

import io
import re

from PIL import Image

from members.demo.logos import logo_file, logo_png


def test_a_demo_logo_is_a_wide_image_with_an_emblem_and_the_name():
    image = Image.open(io.BytesIO(logo_png("Skills Bridge Foundation", "#1e2d78")))

    assert image.size == (480, 200)
    assert image.mode == "RGBA"
    # Drawn in the organization's colour, on a transparent background.
    colours = {colour for _count, colour in image.getcolors(maxcolors=100_000)}
    assert (0x1E, 0x2D, 0x78, 255) in colours
    assert image.getpixel((479, 0))[3] == 0


def test_different_names_get_different_logos():
    assert logo_png("Youth Futures Cooperative", "#0b7a75") != logo_png("Green Jobs Lab", "#0b7a75")


def test_a_demo_logo_goes_through_the_upload_checks():
    upload = logo_file("Digital Pathways Network", "#6b3fa0")

    assert re.fullmatch(r"[0-9a-f]{32}\.png", upload.name)
    assert Image.open(io.BytesIO(upload.read())).format == "PNG"

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.uploads import LOGO, PHOTO, ImageUploadField, process_image

from .images import SVG, image_bytes, jpeg_with_exif, png_header_only, png_upload, upload


def test_a_valid_png_is_reencoded_under_a_new_random_name():
    result = process_image(upload(image_bytes((40, 30)), name="my logo.png"), spec=LOGO)
    assert result.name.endswith(".jpg")
    assert "my logo" not in result.name
    reopened = Image.open(io.BytesIO(result.read()))
    assert reopened.format == "JPEG"
    assert reopened.size == (40, 30)


def test_a_png_with_transparency_stays_a_png():
    result = process_image(
        upload(image_bytes((20, 20), mode="RGBA", colour=(0, 0, 0, 0))), spec=LOGO
    )
    assert result.name.endswith(".png")
    assert Image.open(io.BytesIO(result.read())).mode == "RGBA"


def test_webp_is_accepted():
    result = process_image(upload(image_bytes((20, 20), fmt="WEBP"), name="x.webp"), spec=PHOTO)
    assert Image.open(io.BytesIO(result.read())).format == "JPEG"


def test_exif_metadata_is_stripped_and_orientation_applied():
    original = Image.open(io.BytesIO(jpeg_with_exif((60, 40), orientation=6)))
    assert original.getexif()[0x010F] == "SecretCam"

    result = process_image(
        upload(jpeg_with_exif((60, 40), orientation=6), name="p.jpg"), spec=PHOTO
    )
    data = result.read()
    reopened = Image.open(io.BytesIO(data))
    assert len(reopened.getexif()) == 0
    assert "exif" not in reopened.info
    assert b"SecretCam" not in data
    # Orientation 6 means "rotate 90°": the stored image is upright, 40 wide and 60 high.
    assert reopened.size == (40, 60)


def test_large_images_are_shrunk_to_the_spec():
    result = process_image(upload(image_bytes((1200, 900))), spec=PHOTO)
    assert Image.open(io.BytesIO(result.read())).size == (600, 450)


def test_a_text_file_named_png_is_rejected():
    with pytest.raises(ValidationError) as error:
        process_image(upload(b"hello, I am not an image\n" * 10, name="evil.png"), spec=PHOTO)
    assert error.value.code == "invalid_image"
    assert "PNG, JPEG or WebP" in str(error.value)


def test_an_svg_is_rejected_even_with_an_image_content_type():
    with pytest.raises(ValidationError) as error:
        process_image(upload(SVG, name="logo.svg", content_type="image/svg+xml"), spec=LOGO)
    assert error.value.code == "invalid_image"


def test_a_gif_is_rejected():
    with pytest.raises(ValidationError) as error:
        process_image(upload(image_bytes((10, 10), fmt="GIF", mode="P"), name="a.gif"), spec=LOGO)
    assert error.value.code == "invalid_image"


def test_a_file_over_the_size_limit_is_rejected_before_it_is_decoded(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11719 + b"\x00" * 36)
    out = io.BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    assert len(out.getvalue()) > settings.IMAGE_UPLOAD_MAX_BYTES
    with pytest.raises(ValidationError) as error:
        process_image(upload(out.getvalue()), spec=PHOTO)
    assert error.value.code == "file_too_large"
    assert "2.0" in str(error.value)


def test_an_image_over_the_pixel_limit_is_rejected(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as error:
        process_image(upload(image_bytes((101, 100))), spec=PHOTO)
    assert error.value.code == "too_many_pixels"


def test_a_decompression_bomb_header_is_rejected_without_decoding():
    # 5000 × 5000: over the portal's limit but under Pillow's own bomb threshold.
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_header_only(5000, 5000)), spec=PHOTO)
    assert error.value.code == "too_many_pixels"


def test_a_huge_decompression_bomb_that_pillow_refuses_is_rejected_too():
    # 60000 × 60000 pixels: Pillow raises DecompressionBombError while reading the header.
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_header_only(60000, 60000)), spec=PHOTO)
    assert error.value.code == "too_many_pixels"


def test_a_bomb_between_pillows_warning_and_error_thresholds_is_rejected(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 10**12  # only Pillow's warning stands in the way
    side = int((Image.MAX_IMAGE_PIXELS * 1.5) ** 0.5)
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_header_only(side, side)), spec=PHOTO)
    assert error.value.code == "too_many_pixels"


def test_a_truncated_png_is_rejected():
    data = image_bytes((300, 300), colour="red")
    with pytest.raises(ValidationError) as error:
        process_image(upload(data[: len(data) // 2]), spec=PHOTO)
    assert error.value.code == "invalid_image"


def test_the_form_field_returns_the_processed_file_and_advertises_accepted_types():
    field = ImageUploadField(spec=LOGO, required=False)
    cleaned = field.clean(png_upload((30, 30)))
    assert cleaned.name.endswith(".jpg")
    assert field.widget.attrs["accept"] == "image/png,image/jpeg,image/webp"


def test_the_form_field_reports_a_clear_message_for_a_bad_file():
    field = ImageUploadField(spec=LOGO, required=False)
    with pytest.raises(ValidationError) as error:
        field.clean(upload(b"GIF89a-not-really", name="x.png"))
    assert "PNG, JPEG or WebP" in error.value.messages[0]


def test_a_valid_png_with_exif_is_reencoded_without_it():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    data = image_bytes((50, 50), fmt="PNG", mode="RGBA", colour=(10, 20, 30, 128), exif=exif.tobytes())
    assert b"SecretCam" in data
    result = process_image(upload(data, name="logo.png"), spec=LOGO)
    out = result.read()
    assert b"SecretCam" not in out
    reopened = Image.open(io.BytesIO(out))
    assert reopened.format == "PNG"
    assert len(reopened.getexif()) == 0
    assert reopened.size == (50, 50)

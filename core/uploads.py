"""Uploaded images (organization logos, member photos): checked by content, re-encoded.

What reaches storage is never the uploaded file itself but a fresh PNG or JPEG drawn from
its pixels: metadata (EXIF, GPS, ICC, comments) is dropped, the EXIF orientation is
applied, and the picture is shrunk to a sane size. Anything Pillow cannot decode as PNG,
JPEG or WebP (SVG, HTML, PDF, a text file renamed .png ...) is refused, whatever its name.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/webp"


@dataclass(frozen=True)
class ImageSpec:
    """How large (in pixels, longest side) the stored image may be."""

    max_side: int


LOGO = ImageSpec(max_side=800)
PHOTO = ImageSpec(max_side=600)

NOT_AN_IMAGE = _(
    "Upload a PNG, JPEG or WebP image. This file is not one of those "
    "(SVG, PDF and other files are not accepted)."
)


def _too_many_pixels_error() -> ValidationError:
    side = int(settings.IMAGE_UPLOAD_MAX_PIXELS**0.5)
    return ValidationError(
        _("This image is too large in pixels. Use an image of at most %(side)s × %(side)s pixels."),
        code="too_many_pixels",
        params={"side": side},
    )


def process_image(upload, *, spec: ImageSpec) -> ContentFile:
    """Validate an uploaded image by its content and return a re-encoded copy.

    Raises ValidationError (with a message for the form) when the file is too heavy,
    not a PNG/JPEG/WebP image, too large in pixels (including decompression bombs) or
    damaged. The returned file has a random name ending in .png (images with
    transparency) or .jpg.
    """
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s. The maximum is %(max)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    try:
        # Pillow warns (or raises) about decompression bombs when it reads the header;
        # a warning is as bad as an error here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=sorted(ACCEPTED_FORMATS))
            # Only the header has been read so far: check the size before decoding.
            width, height = image.size
            if width < 1 or height < 1 or width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise _too_many_pixels_error()
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels_error() from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    if image.format not in ACCEPTED_FORMATS:  # pragma: no cover - formats= already limits it
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
    return ContentFile(_reencode(image, spec=spec), name=_random_name(image))


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def _random_name(image: Image.Image) -> str:
    return f"{uuid.uuid4().hex}.{'png' if _has_transparency(image) else 'jpg'}"


def _reencode(image: Image.Image, *, spec: ImageSpec) -> bytes:
    transparent = _has_transparency(image)
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block is dropped with the rest of the metadata
        image = image.copy()
    image = image.convert("RGBA" if transparent else "RGB")
    image.thumbnail((spec.max_side, spec.max_side), Image.Resampling.LANCZOS)
    # A pixel-only copy: no EXIF, XMP, ICC profile, comments or text chunks survive.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if transparent:
        clean.save(out, format="PNG", optimize=True)
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _help_text() -> str:
    return _("PNG, JPEG or WebP, at most %(max)s. It is resized and its metadata removed.") % {
        "max": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)
    }


# Fields are built at import time; the text must be translated when a page is rendered.
_upload_help_text = lazy(_help_text, str)


class ImageUploadField(forms.FileField):
    """A file field for logos and photos: returns the re-encoded image (a ContentFile),
    False when the "clear" box is ticked, or the current file when nothing was sent."""

    widget = forms.ClearableFileInput

    def __init__(self, *, spec: ImageSpec = PHOTO, **kwargs):
        self.spec = spec
        kwargs.setdefault("help_text", _upload_help_text())
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return process_image(upload, spec=self.spec)

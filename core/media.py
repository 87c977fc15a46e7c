"""Uploaded media (organisation logos, member photos, funder logos, call attachments),
served by the portal itself at MEDIA_URL — in production too, for the single-host
deployment (gunicorn behind a TLS proxy) the README describes.

`MEDIA_SERVE=false` turns this off when the proxy serves MEDIA_ROOT itself (the README
has the equivalent nginx block, with the same headers) or when media live on S3-compatible
storage (django-storages); the route then answers 404.

What is served, and how:
- only regular files inside the storage's directory: no `..`, no hidden names, no
  backslashes or control characters, no symlinks leading out of MEDIA_ROOT, and only
  under a folder some FileField uploads to (`logos/`, `photos/`, ...), so a stray file
  dropped elsewhere in MEDIA_ROOT is never published;
- PNG, JPEG and WebP (what core/uploads.py writes) inline with their own type;
  anything else as a download (`application/octet-stream`, `Content-Disposition:
  attachment`), so no upload is ever rendered by the browser as a page;
- with `X-Content-Type-Options: nosniff` and a CSP that forbids everything and
  sandboxes the document, should a file be opened directly;
- with caching: core/uploads.py names files by a random UUID, never reused for other
  content, so those are cached for a year (`immutable`); other names (admin uploads keep
  theirs) for an hour, and every response has an ETag and Last-Modified, answering
  conditional requests with 304. HEAD is answered without the body.
"""

from __future__ import annotations

import os
import re
import stat
from functools import cache
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.urls import re_path
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

# Served inline; every other file is a download.
INLINE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
DOWNLOAD_TYPE = "application/octet-stream"

# Nothing may load, run or submit; the document is sandboxed (unique origin, no scripts).
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"

# The names core/uploads.py gives (uuid4 hex): unique per upload, so safe to cache forever.
UNIQUE_NAME = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg)$")
UNIQUE_CACHE_CONTROL = "public, max-age=31536000, immutable"
OTHER_CACHE_CONTROL = "public, max-age=3600"

MAX_NAME_LENGTH = 500
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


def is_enabled() -> bool:
    return bool(getattr(settings, "MEDIA_SERVE", True))


def urlpatterns() -> list:
    """The media route, when MEDIA_URL is a path on this site (not an S3 or CDN URL).
    Mounted whatever DEBUG is; `MEDIA_SERVE` is read per request."""
    prefix = settings.MEDIA_URL or ""
    if not prefix.startswith("/") or prefix.startswith("//") or prefix == "/":
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)\Z", serve_media, name="media")]


@cache
def upload_folders() -> frozenset[str]:
    """The top folders FileFields upload to (`logos`, `photos`, `funders`, ...)."""
    folders = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(field.upload_to, str):
                first = field.upload_to.strip("/").split("/", 1)[0]
                if first and "%" not in first:
                    folders.add(first)
    return frozenset(folders)


def storage_name(path: str) -> str | None:
    """The storage name for a URL path, or None when it is not one we may serve."""
    if not path or len(path) > MAX_NAME_LENGTH or _UNSAFE_CHARACTERS.search(path):
        return None
    parts = path.split("/")
    if len(parts) < 2 or any(not part or part.startswith(".") for part in parts):
        return None
    if parts[0] not in upload_folders():
        return None
    return path


def _open(name: str):
    """(file, size, modified timestamp) of a regular file in the default storage, or 404."""
    storage = default_storage
    try:
        local = storage.path(name)
    except NotImplementedError:  # remote storage: ask it
        local = None
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    if local is None:
        if not storage.exists(name):
            raise Http404
        return storage.open(name, "rb"), storage.size(name), storage.get_modified_time(name).timestamp()
    root = os.path.realpath(storage.location)
    real = os.path.realpath(local)
    if os.path.commonpath([root, real]) != root or real == root:
        raise Http404  # a symlink leading out of MEDIA_ROOT
    try:
        handle = open(real, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError:  # missing, a directory, unreadable
        raise Http404 from None
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        raise Http404
    return handle, info.st_size, info.st_mtime


def _add_headers(response: HttpResponseBase, *, name: str, etag: str, modified: float) -> HttpResponseBase:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = (
        UNIQUE_CACHE_CONTROL if UNIQUE_NAME.match(PurePosixPath(name).name) else OTHER_CACHE_CONTROL
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so Django's CSP middleware leaves it as it is.
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


@require_safe
def serve_media(request, path: str):
    """One uploaded file (GET or HEAD); 404 for anything else (see the module docstring)."""
    if not is_enabled():
        raise Http404
    name = storage_name(path)
    if name is None:
        raise Http404
    handle, size, modified = _open(name)
    etag = f'"{int(modified * 1_000_000):x}-{size:x}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified))
    if not_modified is not None:
        handle.close()
        return _add_headers(not_modified, name=name, etag=etag, modified=modified)
    filename = PurePosixPath(name).name
    content_type = INLINE_TYPES.get(PurePosixPath(name).suffix.lower())
    inline = content_type is not None
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(content_type=content_type or DOWNLOAD_TYPE)
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(handle, content_type=content_type or DOWNLOAD_TYPE)
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return _add_headers(response, name=name, etag=etag, modified=modified)

"""Private documents are PDF, DOCX, XLSX or ODT, recognised by their content (not their
name) and no larger than COACHING_DOCUMENT_MAX_BYTES: core.documents checks them."""

from __future__ import annotations

from django.conf import settings

from core.documents import CONTENT_TYPES, DocumentError
from core.documents import document_kind as _document_kind

from .errors import RequestError

__all__ = ["CONTENT_TYPES", "document_kind"]


def document_kind(*, name: str, data: bytes) -> str:
    """The document's kind ("pdf", "docx", "xlsx", "odt") from its bytes; the name's
    extension must agree. Raises RequestError otherwise."""
    try:
        return _document_kind(name=name, data=data, max_bytes=settings.COACHING_DOCUMENT_MAX_BYTES)
    except DocumentError as error:
        raise RequestError(str(error)) from error

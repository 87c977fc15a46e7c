"""Private documents are PDF, DOCX, XLSX or ODT, recognised by their content (not their
name) and no larger than COACHING_DOCUMENT_MAX_BYTES."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import RequestError

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == CONTENT_TYPES["odt"].encode()
            ):
                return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def document_kind(*, name: str, data: bytes) -> str:
    """The document's kind ("pdf", "docx", "xlsx", "odt") from its bytes; the name's
    extension must agree. Raises RequestError otherwise."""
    limit = settings.COACHING_DOCUMENT_MAX_BYTES
    if len(data) > limit:
        raise RequestError(
            _("The file is too large (at most %(size)s).") % {"size": filesizeformat(limit)}
        )
    if not data:
        raise RequestError(_("The file is empty."))
    kind = (
        "pdf" if data.startswith(b"%PDF-") else _zip_kind(data) if data.startswith(b"PK") else None
    )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or extension != kind:
        raise RequestError(_("Only PDF, DOCX, XLSX or ODT documents are accepted."))
    return kind

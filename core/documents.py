"""Checked document uploads: PDF, DOCX, XLSX or ODT, recognised by their content (not
their name), with the name's extension agreeing, and no larger than a limit.

Every app that accepts a document (coaching drafts and private request files, peer-exchange
outputs, session materials) checks it here, so a renamed executable or a zip that is not an
office document is refused the same way everywhere.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .errors import DomainError

KINDS = ("pdf", "docx", "xlsx", "odt")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT"}


class DocumentError(DomainError):
    """The upload is not an accepted document (str(error) says why)."""


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == CONTENT_TYPES["odt"].encode():
                return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def _accepted(kinds) -> str:
    labels = [LABELS[k] for k in kinds]
    return ", ".join(labels[:-1]) + (" " + _("or") + " " if len(labels) > 1 else "") + labels[-1]


def document_kind(*, name: str, data: bytes, max_bytes: int, kinds=KINDS) -> str:
    """The document's kind ("pdf", "docx", "xlsx", "odt") from its bytes; the name's
    extension must agree and the kind be one of `kinds`. Raises DocumentError."""
    if len(data) > max_bytes:
        raise DocumentError(_("The file is too large (at most %(size)s).") % {"size": filesizeformat(max_bytes)})
    if not data:
        raise DocumentError(_("The file is empty."))
    kind = "pdf" if data.startswith(b"%PDF-") else _zip_kind(data) if data.startswith(b"PK") else None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or extension != kind or kind not in kinds:
        raise DocumentError(_("Only %(kinds)s documents are accepted.") % {"kinds": _accepted(kinds)})
    return kind


def check_upload(upload, *, max_bytes: int, kinds=KINDS) -> str:
    """document_kind() for an uploaded file, read within the limit and rewound. Raises
    ValidationError, for forms and model fields."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(_("The file is too large (at most %(size)s).") % {"size": filesizeformat(max_bytes)})
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    try:
        return document_kind(name=upload.name or "", data=data, max_bytes=max_bytes, kinds=kinds)
    except DocumentError as error:
        raise ValidationError(str(error)) from error


@deconstructible
class DocumentValidator:
    """A model FileField validator: `validators=[DocumentValidator(max_bytes=...)]`."""

    def __init__(self, *, max_bytes: int, kinds=KINDS):
        self.max_bytes = max_bytes
        self.kinds = tuple(kinds)

    def __call__(self, value) -> None:
        # A stored file that is not being replaced was checked when it was uploaded.
        if getattr(value, "_committed", True):
            return
        check_upload(value, max_bytes=self.max_bytes, kinds=self.kinds)

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentValidator) and (self.max_bytes, self.kinds) == (other.max_bytes, other.kinds)

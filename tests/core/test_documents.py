"""Documents are recognised by their content, their name must agree, and size is capped —
the same rule for coaching drafts, private request files, peer-exchange outputs and
session materials."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.documents import DocumentError, check_upload, document_kind
from events.models import MATERIAL_MAX_BYTES, SessionMaterial

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def office(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("a.pdf", PDF, "pdf"), ("b.DOCX", office("docx"), "docx"), ("c.xlsx", office("xlsx"), "xlsx"),
     ("d.odt", office("odt"), "odt")],
)
def test_each_accepted_kind_is_recognised_by_its_content(name, data, kind):
    assert document_kind(name=name, data=data, max_bytes=1_000_000) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "Only PDF, DOCX, XLSX or ODT"),
        ("report.docx", b"PK\x03\x04 not really a zip", "Only PDF, DOCX, XLSX or ODT"),
        ("report.docx", office("xlsx"), "Only PDF, DOCX, XLSX or ODT"),  # name and content disagree
        ("report.zip", office("docx"), "Only PDF, DOCX, XLSX or ODT"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", PDF + b"0" * 2000, "too large"),
    ],
)
def test_anything_else_is_refused_with_a_reason(name, data, message):
    with pytest.raises(DocumentError, match=message):
        document_kind(name=name, data=data, max_bytes=1000)


def test_a_form_can_narrow_the_accepted_kinds():
    with pytest.raises(ValidationError, match="Only PDF or DOCX"):
        check_upload(SimpleUploadedFile("t.xlsx", office("xlsx")), max_bytes=10_000, kinds=("pdf", "docx"))


@pytest.mark.django_db
def test_a_session_material_file_that_is_not_a_document_is_refused_by_the_admin_form(session_factory=None):
    from django.forms import modelform_factory

    Form = modelform_factory(SessionMaterial, fields=["title", "url", "file"])
    bad = Form(data={"title": "Slides"}, files={"file": SimpleUploadedFile("slides.pdf", b"<script>")})
    good = Form(data={"title": "Slides"}, files={"file": SimpleUploadedFile("slides.pdf", PDF)})

    assert not bad.is_valid()
    assert "Only PDF, DOCX, XLSX or ODT" in str(bad.errors["file"])
    good.instance.session_id = None
    good.full_clean()
    assert "file" not in good.errors
    assert MATERIAL_MAX_BYTES == 20 * 1024 * 1024

"""Letters of introduction and certificates as PDF (fpdf2, no system packages).

DejaVu Sans (badges/fonts, Bitstream Vera licence) is embedded, and text shaping
(uharfbuzz) is on, so Latin, accented and Arabic names render and extract correctly. The
page carries the verification URL, the code and a QR code of the URL. Written in the
document's language. Called once per document: the bytes are stored and never redrawn.
"""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Document

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
PRIMARY = (30, 45, 120)
MUTED = (75, 85, 99)


def qr_png(url: str) -> bytes:
    image = qrcode.make(url, box_size=8, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _new_pdf(document: Document) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(22, 22, 22)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)
    pdf.set_title(document.title)
    pdf.set_author(str(_("Skills Innovation Network")))
    pdf.set_creation_date(document.issued_at)
    pdf.set_lang(document.language)
    pdf.add_page()
    return pdf


def _paragraph(pdf: FPDF, text: str, *, size: int = 11, style: str = "", color=(27, 31, 36), gap: float = 4) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _letter_body(pdf: FPDF, document: Document) -> None:
    if document.addressee:
        _paragraph(pdf, _("To: %(addressee)s") % {"addressee": document.addressee})
    name = document.recipient_name
    if document.organization_name:
        text = _(
            "The Skills Innovation Network, convened by the International Labour Organization, "
            "is pleased to introduce %(name)s of %(organization)s, a member of the network."
        ) % {"name": name, "organization": document.organization_name}
    else:
        text = _(
            "The Skills Innovation Network, convened by the International Labour Organization, "
            "is pleased to introduce %(name)s, a member of the network."
        ) % {"name": name}
    _paragraph(pdf, text)
    if document.narrative:
        _paragraph(pdf, document.narrative)
    if document.purpose:
        _paragraph(pdf, _("Purpose of this letter: %(purpose)s") % {"purpose": document.purpose})
    _paragraph(pdf, _("We would be grateful for any support you can give them."))


def _certificate_body(pdf: FPDF, document: Document) -> None:
    _paragraph(pdf, _("This certifies that"), gap=2)
    _paragraph(pdf, document.recipient_name, size=20, style="B", color=PRIMARY, gap=2)
    if document.organization_name:
        _paragraph(pdf, document.organization_name, size=12, color=MUTED)
    if document.narrative:
        _paragraph(pdf, document.narrative)


def _verification(pdf: FPDF, document: Document, verify_url: str) -> None:
    top = max(pdf.get_y() + 8, 225)
    pdf.image(io.BytesIO(qr_png(verify_url)), x=pdf.l_margin, y=top, w=38, h=38)
    pdf.set_xy(pdf.l_margin + 45, top + 2)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*PRIMARY)
    pdf.cell(0, 6, _("Verify this document"), new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, verify_url, new_x="LEFT", new_y="NEXT")
    pdf.cell(0, 5, _("Verification code: %(code)s") % {"code": document.code_display}, new_x="LEFT", new_y="NEXT")


def render(document: Document, *, verify_url: str) -> bytes:
    """The PDF of `document` (its fields as stored), in its language."""
    with translation.override(document.language):
        pdf = _new_pdf(document)
        _paragraph(pdf, str(_("Skills Innovation Network")), size=12, style="B", color=PRIMARY, gap=1)
        _paragraph(pdf, str(_("International Labour Organization")), size=9, color=MUTED, gap=10)
        _paragraph(pdf, document.title, size=18, style="B", color=PRIMARY, gap=8)
        _paragraph(pdf, formats.date_format(document.issued_at, "DATE_FORMAT"), size=10, color=MUTED, gap=6)
        if document.kind == Document.Kind.LETTER:
            _letter_body(pdf, document)
        else:
            _certificate_body(pdf, document)
        pdf.ln(6)
        _paragraph(pdf, document.signatory_name, style="B", gap=0)
        _paragraph(pdf, document.signatory_title, size=10, color=MUTED)
        _verification(pdf, document, verify_url)
        return bytes(pdf.output())

"""Letters of introduction and certificates: the PDF carries the member's name (Latin,
accented, Arabic) and a QR code of the verification URL, its SHA-256 is stored, it is
written in the member's language and never regenerated; revoke and supersede."""

from __future__ import annotations

import hashlib
import io

import pytest
import zxingcpp
from django.conf import settings
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from badges.models import Document, Status
from badges.services import (
    BadgeError,
    award_for_evidence,
    certificate_issue,
    document_revoke,
    document_supersede,
    letter_issue,
)
from core.audit.models import AuditEntry
from core.outbox.models import Email
from tests.factories.badges import letter
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db


def _pdf(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _qr(data: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            found += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return found


def test_a_letter_carries_name_organization_project_and_a_qr_code_of_its_verification_url(staff, member):
    document = letter(member.user, staff, addressee="Ms Grace Otieno, Skills Fund")
    data = _pdf(document)
    text = _text(data)
    assert "Zoë Ñúñez" in text and "Kazi Skills Hub" in text and "Green apprenticeships" in text
    assert "Ms Grace Otieno" in text and "Amina Diallo" in text
    verify_url = settings.SITE_URL + document.get_verify_url()
    assert verify_url in text and document.code_display in text
    assert _qr(data) == [verify_url]
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.language == "en" and document.recipient_name == "Zoë Ñúñez"
    assert AuditEntry.objects.filter(action="badges.document.issued", object_id=str(document.pk)).count() == 1
    assert Email.objects.filter(key=f"badges-document-issued:{document.pk}", to="zoe@example.org").count() == 1


def test_an_arabic_name_is_rendered_and_extractable(staff):
    arabic = ApprovedMemberFactory(full_name="فاطمة الزهراء", preferred_language="fr")
    document = letter(arabic.user, staff)
    text = _text(_pdf(document))
    assert "فاطمة الزهراء" in text
    assert "Lettre de présentation" in text  # the member's language


def test_a_certificate_follows_a_course_badge_in_spanish(member, django_capture_on_commit_callbacks):
    member.preferred_language = "es"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        award = award_for_evidence(
            badge="course-completion", recipient=member.user, evidence_key="coaching.course:7", certificate=True
        )
    certificate = Document.objects.get(award=award)
    assert certificate.kind == Document.Kind.CERTIFICATE and certificate.language == "es"
    text = _text(_pdf(certificate))
    assert "Zoë Ñúñez" in text and "Certificado" in text


def test_a_certificate_is_issued_once_per_award_and_never_regenerated(member):
    award = award_for_evidence(badge="course-completion", recipient=member.user, evidence_key="coaching.course:8")
    first = certificate_issue(award=award)
    stored = _pdf(first)
    member.full_name = "Zoë Ñúñez-Okafor"
    member.save()
    again = certificate_issue(award=award)
    assert again.pk == first.pk and _pdf(again) == stored
    assert Document.objects.filter(award=award).count() == 1


def test_superseding_issues_a_new_version_with_the_new_name_and_the_old_points_to_it(staff, member):
    document = letter(member.user, staff)
    old_bytes = _pdf(document)
    member.full_name = "Zoë Okafor"
    member.save()
    new = document_supersede(document=document, actor=staff, reason="Name changed")
    document.refresh_from_db()
    assert document.status() == Status.SUPERSEDED and document.superseded_by == new
    assert _pdf(document) == old_bytes  # the old file is kept as issued
    assert "Zoë Okafor" in _text(_pdf(new)) and new.sha256 != document.sha256
    entry = AuditEntry.objects.get(action="badges.document.superseded")
    assert entry.changes == {"recipient_name": ["Zoë Ñúñez", "Zoë Okafor"]}


def test_revoking_needs_a_reason_and_tells_the_member(staff, member):
    document = letter(member.user, staff)
    with pytest.raises(BadgeError, match="reason"):
        document_revoke(document=document, actor=staff, reason="  ")
    document.refresh_from_db()
    assert document.revoked_at is None
    document_revoke(document=document, actor=staff, reason="Issued by mistake.")
    document.refresh_from_db()
    assert document.status() == Status.REVOKED
    email = Email.objects.get(key=f"badges-document-revoked:{document.pk}")
    assert "Issued by mistake." in email.text_body


def test_only_staff_issue_letters_and_only_to_approved_members(staff, member):
    with pytest.raises(PermissionDenied):
        letter(member.user, member.user)
    applicant = MemberProfileFactory(membership="pending")
    with pytest.raises(BadgeError, match="approved members"):
        letter(applicant.user, staff)
    with pytest.raises(BadgeError, match="signatory"):
        letter_issue(recipient=member.user, actor=staff, signatory_name="", signatory_title="x")
    assert not Document.objects.exists()

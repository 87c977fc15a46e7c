"""Letters of introduction and certificates: issued once as a PDF whose bytes are stored
with their SHA-256 (never regenerated), revoked with a reason, superseded by a new one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import absolute_url, send_to_user, user_language

from .. import pdf
from ..models import BadgeAward, Document
from .awards import require_staff
from .lifecycle import DOCUMENT, BadgeError, lock, mark_superseded, revoke, set_public

__all__ = [
    "certificate_issue",
    "document_revoke",
    "document_set_public",
    "document_supersede",
    "letter_issue",
]


def _person(user) -> tuple[str, str, str]:
    """(name, organization, project) as the directory has them now."""
    profile = getattr(user, "profile", None)
    name = (profile.full_name if profile else "") or user.email
    organization = profile.listed_organization if profile else None
    return (
        name,
        (organization.name if organization else ""),
        (organization.project_name if organization else ""),
    )


def _store(document: Document) -> Document:
    """Render, store and fingerprint `document` (saved, in the caller's transaction)."""
    verify_url = absolute_url(
        "badges:verify", language=document.language, code=document.verification_code
    )
    data = pdf.render(document, verify_url=verify_url)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(f"{document.uuid}.pdf", ContentFile(data), save=False)
    document.save(update_fields=["sha256", "file"])
    return document


def _tell_issued(document: Document) -> None:
    send_to_user(
        user=document.recipient,
        template="badges/emails/document_issued",
        context={
            "kind": Document.Kind(document.kind).label,
            "recognition_url": absolute_url("badges:my-recognition", language=document.language),
        },
        key=f"badges-document-issued:{document.pk}",
    )


def _check_member(recipient) -> None:
    if (
        not recipient.is_active
        or recipient.is_staff
        or not getattr(recipient, "is_network_member", False)
    ):
        raise BadgeError(_("Letters and certificates go to approved members of the network."))


@transaction.atomic
def letter_issue(
    *,
    recipient,
    actor,
    signatory_name: str,
    signatory_title: str,
    purpose: str = "",
    addressee: str = "",
) -> Document:
    """Staff issue a letter of introduction for a member, in the member's language, with
    their name, organization and project from the directory. Raises BadgeError for a
    missing signatory or a recipient who is not an approved member."""
    require_staff(actor, "badges.add_document")
    _check_member(recipient)
    signatory_name, signatory_title = (
        (signatory_name or "").strip(),
        (signatory_title or "").strip(),
    )
    if not signatory_name or not signatory_title:
        raise BadgeError(_("A letter needs the signatory's name and title."))
    name, organization, project = _person(recipient)
    language = user_language(recipient)
    with translation.override(language):
        title = _("Letter of introduction")
        narrative = _("Their project: %(project)s.") % {"project": project} if project else ""
    document = Document.objects.create(
        kind=Document.Kind.LETTER,
        title=title,
        recipient=recipient,
        issued_by=actor,
        addressee=(addressee or "").strip(),
        purpose=(purpose or "").strip(),
        narrative=narrative,
        signatory_name=signatory_name,
        signatory_title=signatory_title,
        recipient_name=name,
        organization_name=organization,
        language=language,
    )
    _store(document)
    log_action(
        obj=document, action="badges.document.issued", actor=actor, data={"kind": document.kind}
    )
    _tell_issued(document)
    return document


def certificate_issue(*, award: BadgeAward, actor=None) -> Document | None:
    """The certificate of an award (course completion, Core Group term, hosting,
    translating), issued once per award: a second call, concurrent or not, returns the
    first certificate. Nothing for a revoked or superseded award (None). `actor=None`
    is the system (the worker); anyone else needs staff's add_document permission."""
    if actor is not None:
        require_staff(actor, "badges.add_document")
    key = f"award:{award.pk}"
    existing = Document.objects.filter(
        kind=Document.Kind.CERTIFICATE, recipient_id=award.recipient_id, evidence_key=key
    ).first()
    if existing is not None:
        return existing
    award = BadgeAward.objects.select_related("badge_class", "recipient__profile").get(pk=award.pk)
    if award.revoked_at or award.superseded_at:
        return None
    recipient = award.recipient
    name, organization, _project = _person(recipient)
    language = user_language(recipient)
    with translation.override(language):
        title = _("Certificate: %(badge)s") % {"badge": award.badge_class.name}
        narrative = award.citation or award.narrative or award.badge_class.description
    try:
        with transaction.atomic():
            document = Document.objects.create(
                kind=Document.Kind.CERTIFICATE,
                title=title,
                award=award,
                recipient=recipient,
                issued_by=actor,
                evidence_key=key,
                narrative=narrative,
                signatory_name=settings.BADGES_SIGNATORY_NAME,
                signatory_title=settings.BADGES_SIGNATORY_TITLE,
                recipient_name=name,
                organization_name=organization,
                language=language,
                is_public=award.is_public,
            )
            _store(document)
            log_action(
                obj=document,
                action="badges.document.issued",
                actor=actor,
                data={"kind": document.kind, "award": str(award.uuid)},
            )
            _tell_issued(document)
    except IntegrityError:
        return Document.objects.get(
            kind=Document.Kind.CERTIFICATE, recipient=recipient, evidence_key=key
        )
    return document


@transaction.atomic
def document_revoke(*, document: Document, actor, reason: str) -> Document:
    """Revoke a letter or certificate with a reason (required); the verification page
    says so and the member is told by email."""
    require_staff(actor, "badges.change_document")
    return revoke(document, kind=DOCUMENT, actor=actor, reason=reason)


@transaction.atomic
def document_supersede(*, document: Document, actor, reason: str = "") -> Document:
    """Issue a new version of a document with the member's current name and organization
    (e.g. after a change of name); the old one's verification page points to it.
    Returns the new document."""
    require_staff(actor, "badges.change_document")
    document = lock(document, DOCUMENT)
    if document.revoked_at or document.superseded_at:
        raise BadgeError(_("Only a valid document can be superseded."))
    name, organization, _project = _person(document.recipient)
    new = Document.objects.create(
        kind=document.kind,
        title=document.title,
        award=document.award,
        recipient=document.recipient,
        issued_by=actor,
        addressee=document.addressee,
        purpose=document.purpose,
        narrative=document.narrative,
        signatory_name=document.signatory_name,
        signatory_title=document.signatory_title,
        recipient_name=name,
        organization_name=organization,
        language=document.language,
        is_public=document.is_public,
    )
    _store(new)
    mark_superseded(
        document,
        kind=DOCUMENT,
        new=new,
        actor=actor,
        reason=reason,
        changes={"recipient_name": [document.recipient_name, name]}
        if name != document.recipient_name
        else None,
    )
    _tell_issued(new)
    return new


@transaction.atomic
def document_set_public(*, document: Document, actor, public: bool) -> Document:
    """The holder chooses whether their name shows on the document's verification page."""
    return set_public(document, kind=DOCUMENT, actor=actor, public=public)
    document.is_public = public
    document.save(update_fields=["is_public"])
    log_action(
        obj=document,
        action="badges.document.visibility_set",
        actor=actor,
        changes={"is_public": [not public, public]},
    )
    return document

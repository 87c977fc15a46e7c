"""Translation requests: asked by a network member with the documents to translate,
cancelled by them while nobody has taken it, delivered by the translator who accepted."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.documents import DocumentError, document_kind
from core.mail import send_to_user

from ..errors import TranslationError
from ..models import Offer, TranslationDocument, TranslationRequest
from ..signals import translation_delivered
from .offers import offer_next


def max_bytes() -> int:
    return settings.COACHING_DOCUMENT_MAX_BYTES


def checked_kind(*, name: str, data: bytes) -> str:
    """PDF, DOCX, XLSX or ODT by content, within the size limit; TranslationError otherwise."""
    try:
        return document_kind(name=name, data=data, max_bytes=max_bytes())
    except DocumentError as error:
        raise TranslationError(f"{name}: {error}") from error


@transaction.atomic
def translation_request_create(
    *, requester, title: str, source, target, deadline, coaching_request=None, call=None,
    documents: list[tuple[str, bytes]] = (),
) -> TranslationRequest:  # fmt: skip
    """A network member asks for a translation of `documents` ([(name, bytes)], every one
    checked before anything is stored); it is offered to the first volunteer who fits.
    A linked coaching request must be the member's own."""
    if not requester.is_authenticated or not requester.is_network_member:
        raise TranslationError(_("Only network members can ask for a translation."))
    if deadline < timezone.localdate():
        raise TranslationError(_("The deadline is in the past."))
    if source == target:
        raise TranslationError(_("Choose two different languages."))
    if coaching_request is not None and coaching_request.member_id != requester.pk:
        raise TranslationError(_("You can only link your own coaching request."))
    kinds = [checked_kind(name=name, data=data) for name, data in documents]
    request = TranslationRequest.objects.create(
        requester=requester, title=title, source=source, target=target, deadline=deadline,
        coaching_request=coaching_request, call=call,
    )  # fmt: skip
    for (name, data), kind in zip(documents, kinds, strict=True):
        document = TranslationDocument(request=request, name=name[:200], kind=kind, size=len(data))
        document.file.save(f"{request.pk}.{kind}", ContentFile(data), save=False)
        document.save()
    log_action(
        obj=request,
        action="coaching.translation.requested",
        actor=requester,
        data={"documents": len(documents)},
    )
    offer_next(request)
    return request


@transaction.atomic
def translation_request_cancel(*, request: TranslationRequest, actor) -> TranslationRequest:
    """The requester withdraws a request nobody has taken; a pending offer is withdrawn."""
    request = TranslationRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk != request.requester_id:
        raise TranslationError(_("Only the member who asked can cancel this request."))
    if request.status != TranslationRequest.Status.OPEN:
        raise TranslationError(
            _("A volunteer has already taken this translation: it can no longer be cancelled.")
        )
    request.status = TranslationRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    Offer.objects.pending().filter(request=request).update(status=Offer.Status.WITHDRAWN)
    log_action(
        obj=request,
        action="coaching.translation.cancelled",
        actor=actor,
        changes={"status": ["open", "cancelled"]},
    )
    return request


@transaction.atomic
def translation_deliver(
    *, request: TranslationRequest, actor, name: str, data: bytes
) -> TranslationRequest:
    """The translator uploads the translation (same file rules as private documents);
    the requester is emailed; counted once for the volunteer's recognition
    (translation_delivered)."""
    request = (
        TranslationRequest.objects.select_for_update(of=("self",))
        .select_related("translator__user", "requester")
        .get(pk=request.pk)
    )
    if request.translator is None or request.translator.user_id != actor.pk:
        raise TranslationError(_("Only the volunteer who accepted can deliver the translation."))
    if request.status != TranslationRequest.Status.ACCEPTED:
        raise TranslationError(_("This translation was already delivered."))
    kind = checked_kind(name=name, data=data)
    request.translation.save(f"{request.pk}.{kind}", ContentFile(data), save=False)
    request.status, request.delivered_at = TranslationRequest.Status.DELIVERED, timezone.now()
    request.save(update_fields=["translation", "status", "delivered_at"])
    log_action(
        obj=request,
        action="coaching.translation.delivered",
        actor=actor,
        changes={"status": ["accepted", "delivered"]},
    )
    send_to_user(
        user=request.requester, template="translations/emails/delivered",
        context={"title": request.title, "translator": actor.get_full_name()},
        key=f"coaching.translation.delivered:{request.pk}",
    )  # fmt: skip
    count = TranslationRequest.objects.filter(
        translator=request.translator, status="delivered"
    ).count()
    translation_delivered.send(
        sender=TranslationRequest,
        volunteer_user=actor,
        count=count,
        evidence_key=f"coaching.translation:{request.pk}",
    )
    return request

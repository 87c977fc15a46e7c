"""Translation requests: matched to volunteers with the language pair and capacity left
this month, offered to one at a time (see models), accepted or declined by a signed link,
delivered by the translator. Each write checks who acts and locks the request row."""

from __future__ import annotations

from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.errors import DomainError
from core.mail import send_to_user

from .models import Offer, TranslationRequest, Volunteer
from .signals import translation_delivered

OFFER_SALT = "coaching.translations.offer"


class TranslationError(DomainError):
    """A translation rule refused the request (taken, not yours, past deadline)."""


def offer_token(offer: Offer) -> str:
    return signing.dumps({"offer": offer.pk, "volunteer": offer.volunteer_id}, salt=OFFER_SALT)


def offer_from_token(token: str) -> Offer | None:
    try:
        data = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature:
        return None
    return (
        Offer.objects.select_related("request", "volunteer__user")
        .filter(pk=data.get("offer"), volunteer_id=data.get("volunteer"))
        .first()
    )


def candidates(request: TranslationRequest):
    """Active volunteers with the pair and capacity left this month, least loaded first,
    never offered this request before."""
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (
        Volunteer.objects.filter(
            is_active=True,
            user__is_active=True,
            pairs__source=request.source,
            pairs__target=request.target,
        )
        .exclude(user=request.requester)
        .exclude(offers__request=request)
        .annotate(
            load=Count(
                "translations", filter=Q(translations__accepted_at__gte=month_start), distinct=True
            )
        )
        .filter(load__lt=F("monthly_capacity"))
        .order_by("load", "pk")
    )


def _offer_next(request: TranslationRequest) -> Offer | None:
    volunteer = candidates(request).first()
    if volunteer is None:
        return None  # staff see it among the untaken requests
    offer = Offer.objects.create(request=request, volunteer=volunteer)
    log_action(
        obj=request,
        action="coaching.translation.offered",
        actor=None,
        data={"volunteer": volunteer.user_id},
    )
    send_to_user(
        user=volunteer.user,
        template="translations/emails/offer",
        context={"title": request.title, "source": request.source.name, "target": request.target.name,
                 "deadline": request.deadline, "token": offer_token(offer)},
        key=f"coaching.translation.offer:{offer.pk}",
    )  # fmt: skip
    return offer


@transaction.atomic
def translation_request_create(
    *, requester, title: str, source, target, deadline, coaching_request=None
) -> TranslationRequest:
    """A network member asks for a translation; it is offered to the first volunteer who fits."""
    if not requester.is_authenticated or not requester.is_network_member:
        raise TranslationError(_("Only network members can ask for a translation."))
    if deadline < timezone.localdate():
        raise TranslationError(_("The deadline is in the past."))
    if source == target:
        raise TranslationError(_("Choose two different languages."))
    request = TranslationRequest.objects.create(
        requester=requester, title=title, source=source, target=target, deadline=deadline,
        coaching_request=coaching_request,
    )  # fmt: skip
    log_action(obj=request, action="coaching.translation.requested", actor=requester)
    _offer_next(request)
    return request


def _locked_offer(offer: Offer, actor) -> tuple[TranslationRequest, Offer]:
    request = TranslationRequest.objects.select_for_update().get(pk=offer.request_id)
    offer = Offer.objects.select_related("volunteer__user").get(pk=offer.pk)
    if actor is None or offer.volunteer.user_id != actor.pk:
        raise TranslationError(_("This offer was made to someone else."))
    if request.status != TranslationRequest.Status.OPEN or offer.status != Offer.Status.PENDING:
        raise TranslationError(_("This translation has already been taken or the offer has ended."))
    return request, offer


@transaction.atomic
def offer_accept(*, offer: Offer, actor) -> TranslationRequest:
    request, offer = _locked_offer(offer, actor)
    offer.status = Offer.Status.ACCEPTED
    offer.save(update_fields=["status"])
    request.status, request.translator, request.accepted_at = (
        TranslationRequest.Status.ACCEPTED,
        offer.volunteer,
        timezone.now(),
    )
    request.save(update_fields=["status", "translator", "accepted_at"])
    if request.coaching_request_id:
        request.coaching_request.translators.add(actor)
    log_action(obj=request, action="coaching.translation.accepted", actor=actor)
    send_to_user(
        user=request.requester, template="translations/emails/accepted",
        context={"title": request.title, "translator": actor.get_full_name()},
        key=f"coaching.translation.accepted:{request.pk}",
    )  # fmt: skip
    return request


@transaction.atomic
def offer_decline(*, offer: Offer, actor) -> TranslationRequest:
    request, offer = _locked_offer(offer, actor)
    offer.status = Offer.Status.DECLINED
    offer.save(update_fields=["status"])
    log_action(obj=request, action="coaching.translation.declined", actor=actor)
    _offer_next(request)
    return request


@transaction.atomic
def translation_deliver(
    *, request: TranslationRequest, actor, name: str, data: bytes
) -> TranslationRequest:
    """The translator uploads the translation (same file rules as private documents);
    counted once for the volunteer's recognition (translation_delivered)."""
    from coaching.requests.documents import document_kind

    request = (
        TranslationRequest.objects.select_for_update(of=("self",))
        .select_related("translator__user")
        .get(pk=request.pk)
    )
    if request.translator is None or request.translator.user_id != actor.pk:
        raise TranslationError(_("Only the volunteer who accepted can deliver the translation."))
    if request.status != TranslationRequest.Status.ACCEPTED:
        raise TranslationError(_("This translation was already delivered."))
    kind = document_kind(name=name, data=data)
    request.translation.save(f"{request.pk}.{kind}", ContentFile(data), save=False)
    request.status, request.delivered_at = TranslationRequest.Status.DELIVERED, timezone.now()
    request.save(update_fields=["translation", "status", "delivered_at"])
    log_action(obj=request, action="coaching.translation.delivered", actor=actor)
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


def untaken_before_deadline():
    """What staff chase: open requests nobody accepted, deadline not yet past."""
    return TranslationRequest.objects.filter(
        status="open", deadline__gte=timezone.localdate()
    ).select_related("requester", "source", "target")

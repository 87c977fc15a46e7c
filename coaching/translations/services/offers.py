"""Offers: a translation request is matched to volunteers with the language pair and
capacity left this month, offered to ONE at a time (least loaded first), answered on the
volunteer's page or by the signed link, and passed on when declined, withdrawn or not
answered in time (offers_expire, every few minutes from the beat schedule). When nobody
is left, staff are told once and see it in the admin ("nobody took it").

Each write locks the request row first, so two answers (a double click, two tabs, the
link and the page) give one result."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import send_to_user

from ..errors import NotYourOffer, TranslationError
from ..models import Offer, TranslationRequest, Volunteer

OFFER_SALT = "coaching.translations.offer"
STAFF_PERMISSION = "coaching_translations.view_translationrequest"


def offer_token(offer: Offer) -> str:
    """The signed link's token, bound to the offer AND its volunteer: the page still asks
    that volunteer to be signed in (views.offer), so a forwarded link accepts nothing."""
    return signing.dumps({"offer": offer.pk, "volunteer": offer.volunteer_id}, salt=OFFER_SALT)


def offer_from_token(token: str) -> Offer | None:
    try:
        data = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature:
        return None
    return (
        Offer.objects.select_related("request__source", "request__target", "volunteer__user")
        .filter(pk=data.get("offer"), volunteer_id=data.get("volunteer"))
        .first()
    )


def month_start(now: datetime) -> datetime:
    return timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def candidates(request: TranslationRequest):
    """Active volunteers with the pair and capacity left this month, least loaded first,
    never offered this request before."""
    start = month_start(timezone.now())
    return (
        Volunteer.objects.filter(
            is_active=True,
            user__is_active=True,
            pairs__source=request.source_id,
            pairs__target=request.target_id,
        )
        .exclude(user=request.requester_id)
        .exclude(offers__request=request)
        .annotate(
            load=Count(
                "translations", filter=Q(translations__accepted_at__gte=start), distinct=True
            )
        )
        .filter(load__lt=F("monthly_capacity"))
        .order_by("load", "pk")
    )


def offer_window(request: TranslationRequest, now: datetime) -> timedelta:
    """How long a volunteer has to answer: TRANSLATION_OFFER_HOURS (default 48 h), or a
    quarter of the time left before the end of the deadline day when that is shorter
    (never under an hour), and never beyond the deadline itself."""
    default = timedelta(hours=settings.TRANSLATION_OFFER_HOURS)
    end = timezone.make_aware(datetime.combine(request.deadline + timedelta(days=1), time.min))
    left = end - now
    window = min(default, max(timedelta(hours=1), left / 4))
    return max(min(window, left), timedelta(0))


def _staff():
    return [
        user
        for user in get_user_model().objects.filter(is_staff=True, is_active=True)
        if user.has_perm(STAFF_PERMISSION)
    ]


def _nobody_left(request: TranslationRequest, now: datetime) -> None:
    """Staff are told once per request (unmatched_at set, mail keyed by request)."""
    if request.unmatched_at is not None:
        return
    request.unmatched_at = now
    request.save(update_fields=["unmatched_at"])
    log_action(obj=request, action="coaching.translation.unmatched", actor=None)
    for user in _staff():
        send_to_user(
            user=user,
            template="translations/emails/unmatched",
            context={"title": request.title, "source": request.source.name,
                     "target": request.target.name, "deadline": request.deadline,
                     "request_pk": request.pk},
            key=f"coaching.translation.unmatched:{request.pk}:{user.pk}",
        )  # fmt: skip


def offer_next(request: TranslationRequest, *, now: datetime | None = None) -> Offer | None:
    """Offer a locked, open request with no pending offer to the next volunteer who fits;
    None (and staff told) when nobody is left. Call inside the caller's transaction."""
    now = now or timezone.now()
    if request.deadline < timezone.localdate(now):
        return None
    volunteer = candidates(request).first()
    if volunteer is None:
        _nobody_left(request, now)
        return None
    if request.unmatched_at is not None:
        request.unmatched_at = None
        request.save(update_fields=["unmatched_at"])
    offer = Offer.objects.create(
        request=request, volunteer=volunteer, expires_at=now + offer_window(request, now)
    )
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
                 "deadline": request.deadline, "token": offer_token(offer),
                 "expires_at": offer.expires_at},
        key=f"coaching.translation.offer:{offer.pk}",
    )  # fmt: skip
    return offer


def offer_is_answerable(offer: Offer, now: datetime | None = None) -> bool:
    """Pending, on an open request, and not past its answer time (a read, no lock)."""
    now = now or timezone.now()
    return (
        offer.status == Offer.Status.PENDING
        and offer.request.status == TranslationRequest.Status.OPEN
        and (offer.expires_at is None or offer.expires_at > now)
    )


def _locked_offer(offer: Offer, actor) -> tuple[TranslationRequest, Offer]:
    request = TranslationRequest.objects.select_for_update().get(pk=offer.request_id)
    offer = Offer.objects.select_related("volunteer__user").get(pk=offer.pk)
    if actor is None or not actor.is_authenticated or offer.volunteer.user_id != actor.pk:
        raise NotYourOffer(_("This offer was made to someone else."))
    if request.status != TranslationRequest.Status.OPEN or offer.status != Offer.Status.PENDING:
        raise TranslationError(_("This translation has already been taken or the offer has ended."))
    if offer.expires_at is not None and offer.expires_at <= timezone.now():
        raise TranslationError(_("This offer has lapsed: it was passed on to another volunteer."))
    return request, offer


@transaction.atomic
def offer_accept(*, offer: Offer, actor) -> TranslationRequest:
    """The offered volunteer takes the translation. Raises NotYourOffer for anyone else,
    TranslationError when it is taken, cancelled, answered or lapsed."""
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
    log_action(
        obj=request,
        action="coaching.translation.accepted",
        actor=actor,
        changes={"status": ["open", "accepted"]},
    )
    send_to_user(
        user=request.requester, template="translations/emails/accepted",
        context={"title": request.title, "translator": actor.get_full_name()},
        key=f"coaching.translation.accepted:{request.pk}",
    )  # fmt: skip
    return request


@transaction.atomic
def offer_decline(*, offer: Offer, actor) -> TranslationRequest:
    """The offered volunteer says no; the next volunteer who fits is asked."""
    request, offer = _locked_offer(offer, actor)
    offer.status = Offer.Status.DECLINED
    offer.save(update_fields=["status"])
    log_action(obj=request, action="coaching.translation.declined", actor=actor)
    offer_next(request)
    return request


def withdraw_pending(*, volunteer: Volunteer) -> int:
    """A volunteer pausing or stopping: their pending offers pass on. In the caller's
    transaction; returns how many."""
    withdrawn = 0
    for offer in Offer.objects.pending().filter(volunteer=volunteer):
        request = TranslationRequest.objects.select_for_update().get(pk=offer.request_id)
        if Offer.objects.filter(pk=offer.pk, status="pending").update(status="withdrawn"):
            offer_next(request)
            withdrawn += 1
    return withdrawn


def _lapse(offer_id: int, now: datetime) -> bool:
    with transaction.atomic():
        offer = Offer.objects.filter(pk=offer_id).first()
        if offer is None:
            return False
        request = TranslationRequest.objects.select_for_update().get(pk=offer.request_id)
        offer = Offer.objects.select_for_update().get(pk=offer_id)
        if offer.status != Offer.Status.PENDING or offer.expires_at > now:
            return False  # answered, or already lapsed by an earlier run
        offer.status = Offer.Status.LAPSED
        offer.save(update_fields=["status"])
        log_action(
            obj=request,
            action="coaching.translation.lapsed",
            actor=None,
            data={"volunteer": offer.volunteer_id},
        )
        if request.status == TranslationRequest.Status.OPEN:
            offer_next(request, now=now)
    return True


def offers_expire(*, now: datetime | None = None) -> dict:
    """Scheduled: every pending offer past its answer time lapses and the request goes to
    the next volunteer who fits; open requests nobody holds are tried again (a volunteer
    may have joined or freed capacity) and, when nobody is left, staff are told once.
    Idempotent: a second run finds nothing due and tells nobody twice."""
    now = now or timezone.now()
    lapsed = sum(_lapse(pk, now) for pk in Offer.objects.due(now).values_list("pk", flat=True))
    retried = 0
    today = timezone.localdate(now)
    for pk in TranslationRequest.objects.untaken(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = TranslationRequest.objects.select_for_update().get(pk=pk)
            if request.status != "open" or request.offers.pending().exists():
                continue
            if offer_next(request, now=now) is not None:
                retried += 1
    return {"lapsed": lapsed, "offered_again": retried}


def untaken_before_deadline():
    """What staff chase: open requests nobody holds, deadline not yet past."""
    return TranslationRequest.objects.untaken(timezone.localdate()).select_related(
        "requester", "source", "target"
    )

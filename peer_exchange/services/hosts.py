"""The host rota: assign a host and a backup, swap to a volunteer, remind, alert staff."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action

from .. import notify
from ..errors import PeerExchangeError
from ..models import HostOffer, PeerSession
from ..permissions import is_member, is_peer_staff, is_volunteer

REMIND_HOST_AHEAD = timedelta(days=3)
ALERT_HOSTLESS_AHEAD = timedelta(days=7)


@transaction.atomic
def host_offer_set(*, actor, is_active: bool, can_facilitate: str = "", categories=()) -> HostOffer:
    if not is_member(actor):
        raise PeerExchangeError(_("Only network members may offer to host."))
    offer, _created = HostOffer.objects.update_or_create(
        user=actor,
        defaults={"is_active": is_active, "can_facilitate": can_facilitate.strip()[:500]},
    )
    offer.categories.set(categories)
    log_action(
        obj=offer, action="peer_exchange.host.volunteered", actor=actor, data={"active": is_active}
    )
    return offer


def _lock(peer: PeerSession) -> PeerSession:
    return PeerSession.objects.select_for_update().select_related("session").get(pk=peer.pk)


@transaction.atomic
def host_assign(*, peer: PeerSession, actor, host, backup=None) -> PeerSession:
    if not is_peer_staff(actor):
        raise PeerExchangeError(_("Only staff may assign hosts."))
    for person in filter(None, (host, backup)):
        if not is_volunteer(person):
            raise PeerExchangeError(
                _("%(name)s has not volunteered to host.") % {"name": person.get_full_name()}
            )
    if backup is not None and backup.pk == host.pk:
        raise PeerExchangeError(_("The backup host must be someone else."))
    peer = _lock(peer)
    peer.session.hosts.set([host])
    peer.backup_host = backup
    peer.swap_requested_at = None
    peer.save(update_fields=["backup_host", "swap_requested_at"])
    log_action(obj=peer.session, action="peer_exchange.host.assigned", actor=actor,
               data={"host": host.pk, "backup": backup.pk if backup else None})  # fmt: skip
    return peer


@transaction.atomic
def host_swap_request(*, peer: PeerSession, actor) -> PeerSession:
    """The host asks for someone to take over: the backup and the volunteers are told."""
    peer = _lock(peer)
    if not peer.session.hosts.filter(pk=actor.pk).exists():
        raise PeerExchangeError(_("Only the session's host may ask for a swap."))
    if peer.swap_requested_at is not None:
        return peer
    peer.swap_requested_at = timezone.now()
    peer.save(update_fields=["swap_requested_at"])
    log_action(obj=peer.session, action="peer_exchange.host.swap_asked", actor=actor)
    offers = (
        HostOffer.objects.filter(is_active=True).exclude(user=actor).select_related("user")[:50]
    )
    people = {offer.user for offer in offers} | ({peer.backup_host} if peer.backup_host else set())
    for user in people:
        notify.swap_asked(peer=peer, user=user)
    return peer


@transaction.atomic
def host_swap_take(*, peer: PeerSession, actor) -> PeerSession:
    """A volunteer takes over a session whose host asked for a swap."""
    if not is_volunteer(actor):
        raise PeerExchangeError(_("Only members who volunteered to host may take over."))
    peer = _lock(peer)
    if peer.swap_requested_at is None:
        raise PeerExchangeError(_("This session's host has not asked for a swap."))
    old = list(peer.session.hosts.values_list("pk", flat=True))
    if actor.pk in old:
        raise PeerExchangeError(_("You already host this session."))
    peer.session.hosts.set([actor])
    if peer.backup_host_id == actor.pk:
        peer.backup_host = None
    peer.swap_requested_at = None
    peer.save(update_fields=["backup_host", "swap_requested_at"])
    log_action(obj=peer.session, action="peer_exchange.host.swapped", actor=actor,
               changes={"hosts": [old, [actor.pk]]})  # fmt: skip
    return peer


def _upcoming(now, ahead):
    return PeerSession.objects.select_related("session").filter(
        session__status="published", session__starts_at__gt=now, session__starts_at__lte=now + ahead
    )


def host_reminders_send(*, now=None) -> int:
    """Scheduled (daily): hosts of sessions in the next 3 days get the facilitation guide.
    Once per host and start time (outbox key)."""
    now = now or timezone.now()
    sent = 0
    for peer in _upcoming(now, REMIND_HOST_AHEAD).prefetch_related("session__hosts"):
        for host in peer.session.hosts.all():
            with transaction.atomic():
                notify.host_reminder(peer=peer, user=host)
            sent += 1
    return sent


def hostless_alerts_send(*, now=None) -> int:
    """Scheduled (daily): staff are told of sessions within a week that have no host."""
    now = now or timezone.now()
    staff = [
        u
        for u in get_user_model().objects.filter(is_staff=True, is_active=True)
        if is_peer_staff(u)
    ]
    alerted = 0
    for peer in _upcoming(now, ALERT_HOSTLESS_AHEAD).filter(session__hosts__isnull=True):
        for user in staff:
            with transaction.atomic():
                notify.hostless_alert(peer=peer, user=user)
        alerted += 1
    return alerted

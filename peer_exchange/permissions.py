"""Who may act in peer exchange: members take part, staff curate, hosts run sessions."""

from __future__ import annotations


def is_member(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.is_staff or getattr(user, "is_network_member", False))
    )


def is_peer_staff(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("peer_exchange.change_topic")
    )


def is_volunteer(user) -> bool:
    """Offered to host: an active HostOffer (their own setting, which wins), else "willing
    to host" ticked on their membership application."""
    if not is_member(user):
        return False
    offer = getattr(user, "peer_host_offer", None)
    if offer is not None:
        return offer.is_active
    profile = getattr(user, "profile", None)
    return bool(
        profile is not None and profile.applications.filter(can_host_peer_sessions=True).exists()
    )


def hosts_session(user, peer) -> bool:
    return bool(user and user.is_authenticated and peer.session.hosts.filter(pk=user.pk).exists())

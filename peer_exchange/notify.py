"""Peer exchange's emails, each through core.mail in the recipient's language, once per key."""

from __future__ import annotations

from core.mail import send_to_user


def topic_scheduled(*, user, topic, peer) -> None:
    send_to_user(
        user=user,
        template="peer_exchange/emails/topic_scheduled",
        context={"topic": topic, "session": peer.session},
        key=f"peer:topic-scheduled:{topic.pk}:{peer.pk}:{user.pk}",
    )


def host_reminder(*, peer, user) -> None:
    send_to_user(
        user=user,
        template="peer_exchange/emails/host_reminder",
        context={"session": peer.session, "peer": peer},
        key=f"peer:host-reminder:{peer.pk}:{peer.session.starts_at:%Y%m%d%H%M}:{user.pk}",
    )


def hostless_alert(*, peer, user) -> None:
    send_to_user(
        user=user,
        template="peer_exchange/emails/hostless",
        context={"session": peer.session, "peer": peer},
        key=f"peer:hostless:{peer.pk}:{peer.session.starts_at:%Y%m%d}:{user.pk}",
    )


def swap_asked(*, peer, user) -> None:
    send_to_user(
        user=user,
        template="peer_exchange/emails/swap_asked",
        context={"session": peer.session, "peer": peer},
        key=f"peer:swap:{peer.pk}:{peer.swap_requested_at:%Y%m%d%H%M%S}:{user.pk}",
    )


def output_published(*, output, user) -> None:
    send_to_user(
        user=user,
        template="peer_exchange/emails/output_published",
        context={"output": output, "session": output.session.session},
        key=f"peer:output-published:{output.pk}:{user.pk}",
    )

"""The knowledge base: the host writes a session's output, publishes it, staff make it public."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action

from .. import notify, signals
from ..errors import PeerExchangeError
from ..models import Output, OutputFile, PeerSession
from ..permissions import is_peer_staff

FIELDS = ("kind", "title", "summary", "tips", "links", "keywords", "language", "region")
SCRIPT = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed)\b|javascript:|\bon\w+\s*=", re.IGNORECASE
)


def _may_write(actor, peer: PeerSession) -> bool:
    """Staff, the host, or the backup host acting as note-taker."""
    return (
        is_peer_staff(actor)
        or peer.backup_host_id == actor.pk
        or peer.session.hosts.filter(pk=actor.pk).exists()
    )


@transaction.atomic
def output_save(*, peer: PeerSession, actor, data: dict, categories=()) -> Output:
    """The host (or staff) writes or edits the session's output. Another host's output
    is theirs to edit; script in any text is refused with nothing saved."""
    peer = PeerSession.objects.select_for_update().select_related("session").get(pk=peer.pk)
    if not _may_write(actor, peer):
        raise PeerExchangeError(_("Only the session's host may write its summary."))
    existing = Output.objects.filter(session=peer).first()
    if existing and existing.author_id not in (None, actor.pk) and not is_peer_staff(actor):
        raise PeerExchangeError(
            _("This summary was written by another host: only they or staff may edit it.")
        )
    if any(SCRIPT.search(str(data.get(name) or "")) for name in FIELDS):
        raise PeerExchangeError(
            _("Scripts are not allowed in a summary: remove them and save again.")
        )
    if not str(data.get("summary") or "").strip() or not str(data.get("title") or "").strip():
        raise PeerExchangeError(_("Give the output a title and a summary."))
    output = existing or Output(session=peer, author=actor)
    for name in FIELDS:
        if name in data:
            setattr(output, name, data[name])
    output.save()
    output.categories.set(categories)
    log_action(obj=output, action="peer_exchange.output.saved", actor=actor)
    return output


@transaction.atomic
def output_publish(*, output: Output, actor) -> Output:
    """Publish: attendees (or, before attendance is taken, confirmed registrants) are
    told once; each host's hosting is announced through signals.session_hosted."""
    output = Output.objects.select_for_update().select_related("session__session").get(pk=output.pk)
    peer = output.session
    if not _may_write(actor, peer):
        raise PeerExchangeError(_("Only the session's host may publish its summary."))
    if output.status == Output.Status.PUBLISHED:
        return output
    output.status, output.published_at = Output.Status.PUBLISHED, timezone.now()
    output.save(update_fields=["status", "published_at", "updated_at"])
    log_action(obj=output, action="peer_exchange.output.published", actor=actor,
               changes={"status": ["draft", "published"]})  # fmt: skip
    registrations = peer.session.registrations.select_related("user")
    attended = registrations.filter(attendance="attended")
    for registration in attended if attended.exists() else registrations.filter(status="confirmed"):
        notify.output_published(output=output, user=registration.user)
    for host in peer.session.hosts.all():
        # Sessions hosted = sessions of theirs with a published output (this one included).
        count = Output.objects.published().filter(session__session__hosts=host).count()
        signals.session_hosted.send(
            sender=Output, user=host, session=peer.session, hosted_count=count
        )
    return output


@transaction.atomic
def output_set_public(*, output: Output, actor, is_public: bool) -> Output:
    if not is_peer_staff(actor):
        raise PeerExchangeError(_("Only staff may make an output public."))
    old = output.is_public
    if old == is_public:
        return output
    output.is_public = is_public
    output.save(update_fields=["is_public", "updated_at"])
    log_action(
        obj=output,
        action="peer_exchange.output.public_set",
        actor=actor,
        changes={"is_public": [old, is_public]},
    )
    return output


@transaction.atomic
def output_file_add(*, output: Output, actor, title: str, upload) -> OutputFile:
    """Attach a checked file (the form checks type and size: core.uploads is for images)."""
    if not _may_write(actor, output.session):
        raise PeerExchangeError(_("Only the session's host may attach files."))
    attached = OutputFile(output=output, title=title.strip()[:200] or upload.name[:200])
    attached.file.save(upload.name.rsplit("/", 1)[-1][:80], upload, save=True)
    log_action(
        obj=output, action="peer_exchange.output.saved", actor=actor, data={"file": attached.title}
    )
    return attached

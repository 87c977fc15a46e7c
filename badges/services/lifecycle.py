"""What awards and letters/certificates share once issued: each is locked for a change,
revoked with a reason (the holder is told), replaced by a newer version, shown or hidden
on its verification page by its holder. The public services in awards.py and documents.py
check who may act and what may be superseded; the steps themselves are written here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit.services import log_action
from core.errors import DomainError
from core.mail import send_to_user

from ..models import BadgeAward, Document


class BadgeError(DomainError):
    """Recognition refused (str(error) is for people)."""


@dataclass(frozen=True)
class Issued:
    """One kind of issued thing: its model, the word in its audit codes and mail keys,
    what to load with it, and how the holder's email names it."""

    model: type
    noun: str
    related: tuple[str, ...]
    already_revoked: Any
    title: Callable[[Any], str]


AWARD = Issued(
    model=BadgeAward,
    noun="award",
    related=("badge_class", "recipient"),
    already_revoked=gettext_lazy("This badge was already revoked."),
    title=lambda award: award.badge_class.name,
)
DOCUMENT = Issued(
    model=Document,
    noun="document",
    related=("recipient",),
    already_revoked=gettext_lazy("This document was already revoked."),
    title=lambda document: document.title,
)


def lock(obj, kind: Issued):
    """The row again, locked until the end of the caller's transaction."""
    return kind.model.objects.select_for_update().select_related(*kind.related).get(pk=obj.pk)


def revoke(obj, *, kind: Issued, actor, reason: str):
    """Revoke with a reason (required; verifiers see it) and tell the holder. Revoking
    twice is refused and changes nothing. The caller has checked the actor's permission."""
    reason = (reason or "").strip()
    if not reason:
        raise BadgeError(
            _("Give the reason for revoking it: the member is told, and verifiers see it.")
        )
    obj = lock(obj, kind)
    if obj.revoked_at:
        raise BadgeError(str(kind.already_revoked))
    obj.revoked_at = timezone.now()
    obj.revocation_reason = reason
    obj.save(update_fields=["revoked_at", "revocation_reason"])
    log_action(
        obj=obj,
        action=f"badges.{kind.noun}.revoked",
        actor=actor,
        changes={"revocation_reason": ["", reason]},
    )
    send_to_user(
        user=obj.recipient,
        template="badges/emails/revoked",
        context={"name": kind.title(obj), "reason": reason, "code": obj.code_display},
        key=f"badges-{kind.noun}-revoked:{obj.pk}",
    )
    return obj


def mark_superseded(
    old, *, kind: Issued, new, actor, reason: str = "", changes: dict | None = None
) -> None:
    """Point a (locked) award or document to the one that replaces it, with an audit entry."""
    old.superseded_at = timezone.now()
    old.superseded_by = new
    old.save(update_fields=["superseded_at", "superseded_by"])
    log_action(
        obj=old,
        action=f"badges.{kind.noun}.superseded",
        actor=actor,
        data={"by": str(new.uuid), "reason": (reason or "").strip()},
        changes=changes,
    )


def set_public(obj, *, kind: Issued, actor, public: bool):
    """The holder, and only the holder, chooses whether their name shows on the public
    verification page."""
    if actor is None or actor.pk != obj.recipient_id:
        raise PermissionDenied
    obj = lock(obj, kind)
    if obj.is_public == public:
        return obj
    obj.is_public = public
    obj.save(update_fields=["is_public"])
    log_action(
        obj=obj,
        action=f"badges.{kind.noun}.visibility_set",
        actor=actor,
        changes={"is_public": [not public, public]},
    )
    return obj

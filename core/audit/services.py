"""Writing the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry
from .registry import check_action

__all__ = ["log_action"]


def log_action(*, obj, action: str, actor, data: dict | None = None, changes: dict | None = None) -> AuditEntry:
    """Record that `actor` (a user, or None for the system / an anonymous visitor) did
    `action` (a registered code) to `obj`, with `changes` ({field: [old, new]}) and any
    other facts in `data`. One row per state change; call it inside the service's
    transaction. Raises ValueError for an unregistered code."""
    check_action(action)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data or {},
        changes=changes or {},
    )

"""Writing the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry
from .registry import check_action

__all__ = ["log_action", "log_actions_many"]


def _entry(
    *, obj, action: str, actor, data: dict | None = None, changes: dict | None = None
) -> AuditEntry:
    """The unsaved row log_action writes (one shape for both writers)."""
    check_action(action)
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data or {},
        changes=changes or {},
    )


def log_action(
    *, obj, action: str, actor, data: dict | None = None, changes: dict | None = None
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system / an anonymous visitor) did
    `action` (a registered code) to `obj`, with `changes` ({field: [old, new]}) and any
    other facts in `data`. One row per state change; call it inside the service's
    transaction. Raises ValueError for an unregistered code."""
    entry = _entry(obj=obj, action=action, actor=actor, data=data, changes=changes)
    entry.save(force_insert=True)
    return entry


def log_actions_many(entries: Iterable[dict], *, batch_size: int = 500) -> list[AuditEntry]:
    """log_action for many state changes at once (a bulk write such as the spreadsheet
    import's): each item of `entries` holds log_action's keyword arguments (obj, action,
    actor, data, changes) and becomes the same row log_action would write, inserted in
    batches (one query per `batch_size` rows). Every code is checked before anything is
    written (ValueError for an unregistered one). Call it inside the service's
    transaction, after the objects are saved."""
    rows = [_entry(**item) for item in entries]
    return AuditEntry.objects.bulk_create(rows, batch_size=batch_size)

"""Reading the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import AuditEntry

__all__ = ["history_for"]


def history_for(obj) -> QuerySet[AuditEntry]:
    """The audit rows of `obj`, oldest first (served by the (content type, object,
    time) index)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("created_at", "pk")

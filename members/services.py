"""Writes with side effects for members, organizations and membership."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import AuditEntry, MemberProfile, User


def audit_log(*, actor: User | None, action: str, obj, data: dict | None = None) -> AuditEntry:
    """Record who did what to which object. Call inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data or {},
    )


@transaction.atomic
def profile_ensure(*, user: User, language: str = "en") -> MemberProfile:
    """Return the user's profile, creating an empty one on first use. Idempotent."""
    language = language[:2] if language and language[:2] in {"en", "fr", "es"} else "en"
    profile, _created = MemberProfile.objects.get_or_create(user=user, defaults={"preferred_language": language})
    return profile

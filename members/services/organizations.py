"""Registering and editing organizations (their review is in members.reviews)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action

from ..models import MemberProfile, Organization, User
from .editing import _apply, _set_m2m
from .errors import MembershipError
from .profiles import AFFILIATION_FIELDS, profile_ensure

ORGANIZATION_FIELDS = frozenset(
    {
        "name",
        "type",
        "country",
        "website",
        "description",
        "logo",
        "project_name",
        "project_objectives",
        "project_beneficiaries",
        "project_impact",
        "project_results",
        "project_video_url",
    }
)
ORGANIZATION_M2M_FIELDS = frozenset({"project_languages"})


@transaction.atomic
def organization_create(*, actor: User, data: dict) -> Organization:
    """Register a new organization and make the actor one of its people (withdrawing any
    request to join another). It waits for review and is shown publicly once approved
    (members.reviews): by staff or the region's representative, or with its creator's
    membership application; staff who register one approve it by doing so. A person may
    have only a few organizations waiting for review at a time."""
    from ..reviews import organization_submitted, pending_organization_limit_check

    profile = MemberProfile.objects.select_for_update().get(pk=profile_ensure(user=actor).pk)
    if not (data.get("name") or "").strip():
        raise MembershipError(_("An organization needs a name."))
    pending_organization_limit_check(actor=actor)
    organization = Organization(created_by=actor)
    changed, m2m = _apply(
        organization,
        data,
        scalar=ORGANIZATION_FIELDS,
        m2m=ORGANIZATION_M2M_FIELDS,
        images=("logo",),
    )
    organization.name = organization.name.strip()
    organization.save()
    _set_m2m(organization, m2m)
    previous = profile.organization_id
    profile.organization = organization
    profile.requested_organization = None
    profile.organization_requested_at = None
    profile.save(update_fields=[*AFFILIATION_FIELDS, "updated_at"])
    log_action(
        actor=actor, action="members.organization.created", obj=organization, data={"fields": changed}
    )
    log_action(
        actor=actor,
        action="members.profile.updated",
        obj=profile,
        data={"fields": ["organization"], "previous_organization": previous},
    )
    return organization_submitted(organization=organization, actor=actor)


@transaction.atomic
def organization_update(*, organization: Organization, actor: User, data: dict) -> Organization:
    """Change an organization's details. Only its creator and staff may; raises
    PermissionDenied otherwise."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.can_be_edited_by(actor):
        raise PermissionDenied
    if "name" in data and not (data["name"] or "").strip():
        raise MembershipError(_("An organization needs a name."))
    changed, m2m = _apply(
        organization,
        data,
        scalar=ORGANIZATION_FIELDS,
        m2m=ORGANIZATION_M2M_FIELDS,
        images=("logo",),
    )
    if changed:
        organization.save()
    changed += _set_m2m(organization, m2m)
    if changed:
        from ..reviews import approved_organization_changed

        entry = log_action(
            actor=actor,
            action="members.organization.updated",
            obj=organization,
            data={"fields": sorted(changed)},
        )
        approved_organization_changed(
            organization=organization, actor=actor, fields=set(changed), entry_id=entry.pk
        )
    return organization

"""A person's own profile: created on first use, changed by them (or staff), and the
organization they pick on it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action

from ..models import MemberProfile, Organization, User
from .editing import _apply, _set_m2m
from .errors import MembershipError

# What a person may change on their own profile (membership, role and region are staff's).
PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "photo",
        "organization",
        "organization_role",
        "country",
        "bio",
        "linkedin_url",
        "website",
        "preferred_language",
        "time_zone",
        "visibility",
    }
)
PROFILE_M2M_FIELDS = frozenset({"languages", "categories", "expertise"})
# A person's confirmed organization and their open request to join another one.
AFFILIATION_FIELDS = ("organization", "requested_organization", "organization_requested_at")


@transaction.atomic
def profile_ensure(*, user: User, language: str = "en") -> MemberProfile:
    """Return the user's profile, creating an empty one on first use. Idempotent."""
    language = language[:2] if language and language[:2] in {"en", "fr", "es"} else "en"
    profile, _created = MemberProfile.objects.get_or_create(
        user=user, defaults={"preferred_language": language}
    )
    return profile


def _change_organization(profile: MemberProfile, wanted: Organization | None, actor: User) -> bool:
    """Apply the organization picked on a profile; returns whether the confirmed one
    changed. Leaving (None) needs nobody; picking the current one withdraws an open
    request; another one becomes a request to join (members.reviews), except for the
    organization the person registered and for staff, who join at once."""
    from ..reviews import join_requested  # reviews builds on this module

    before = (profile.organization_id, profile.requested_organization_id)
    if wanted is None or wanted.pk == profile.organization_id:
        if wanted is None:
            profile.organization = None
        profile.requested_organization = None
        profile.organization_requested_at = None
    elif wanted.pk != profile.requested_organization_id:
        if not Organization.objects.joinable_by(profile.user).filter(pk=wanted.pk).exists():
            raise MembershipError(_("You cannot join this organization."))
        own = wanted.created_by_id == profile.user_id
        if own or actor.has_perm("members.change_memberprofile"):
            profile.organization = wanted
            profile.requested_organization = None
            profile.organization_requested_at = None
        else:
            join_requested(profile=profile, organization=wanted, actor=actor)
    if (profile.organization_id, profile.requested_organization_id) == before:
        return False
    profile.save(update_fields=[*AFFILIATION_FIELDS, "updated_at"])
    return profile.organization_id != before[0]


@transaction.atomic
def profile_update(*, profile: MemberProfile, actor: User, data: dict) -> MemberProfile:
    """Change what a person says about themselves. `data` holds any of PROFILE_FIELDS and
    PROFILE_M2M_FIELDS (form cleaned_data). Picking another organization than one's own
    asks to join it (members.reviews): it must be one the person may pick, and it becomes
    theirs once its people or staff confirm. Records one audit entry naming the changed
    fields (none when nothing changed)."""
    if actor.pk != profile.user_id and not actor.has_perm("members.change_memberprofile"):
        raise PermissionDenied
    # A fresh, locked copy: the caller's instance may already carry a form's new values.
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    data = dict(data)
    organization_changed = (
        _change_organization(profile, data.pop("organization"), actor)
        if "organization" in data
        else False
    )
    changed, m2m = _apply(
        profile, data, scalar=PROFILE_FIELDS, m2m=PROFILE_M2M_FIELDS, images=("photo",)
    )
    if changed:
        profile.save()
    if organization_changed:
        changed.append("organization")
    changed += _set_m2m(profile, m2m)
    if changed:
        log_action(
            actor=actor, action="members.profile.updated", obj=profile, data={"fields": sorted(changed)}
        )
    return profile

"""Writes with side effects for members, organizations and membership.

Every service is keyword-only, owns its transaction, records an AuditEntry for each state
change and raises MembershipError (a message meant for people) when the network's rules
say no, or PermissionDenied when the actor may not do it at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.errors import DomainError
from core.mail import absolute_url, send_templated_email
from taxonomy.regions import Region

from .models import MemberProfile, MembershipApplication, Organization, User
from .roles import Role
from .signals import membership_approved, network_role_changed


class MembershipError(DomainError):
    """A change the network's rules do not allow. str(error) is shown to people as is."""


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

# The auth group that goes with each network role (plain members are in "Member" only).
ROLE_GROUPS = {
    MemberProfile.NetworkRole.CORE: Role.CORE_GROUP,
    MemberProfile.NetworkRole.REGIONAL_REP: Role.REGIONAL_REP,
}


@transaction.atomic
def profile_ensure(*, user: User, language: str = "en") -> MemberProfile:
    """Return the user's profile, creating an empty one on first use. Idempotent."""
    language = language[:2] if language and language[:2] in {"en", "fr", "es"} else "en"
    profile, _created = MemberProfile.objects.get_or_create(
        user=user, defaults={"preferred_language": language}
    )
    return profile


# --- Profiles and organizations ---------------------------------------------------------


def _is_new_upload(value) -> bool:
    return isinstance(value, File) and not isinstance(value, FieldFile)


def _apply_image(instance, field: str, value) -> bool:
    """Set, clear or keep an image field from a form's cleaned value. The replaced file is
    removed from storage once the transaction commits. Returns whether it changed."""
    current = getattr(instance, field)
    old_name = current.name if current else ""
    if value is False and old_name:
        setattr(instance, field, "")
    elif _is_new_upload(value):
        setattr(instance, field, value)
    else:
        return False
    if old_name:
        transaction.on_commit(partial(current.storage.delete, old_name))
    return True


def _apply(
    instance, data: dict, *, scalar: frozenset[str], m2m: frozenset[str], images: Iterable[str]
):
    """Copy allowed values onto the instance; return (changed scalar names, m2m values)."""
    unknown = set(data) - scalar - m2m
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    changed: list[str] = []
    for name in sorted(set(data) & scalar):
        value = data[name]
        if name in images:
            if _apply_image(instance, name, value):
                changed.append(name)
            continue
        if value is None and name not in {"organization"}:
            value = ""
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed, {name: data[name] for name in set(data) & m2m}


def _set_m2m(instance, values: dict) -> list[str]:
    changed = []
    for name, objs in sorted(values.items()):
        manager = getattr(instance, name)
        wanted = {obj.pk for obj in objs or ()}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(wanted))
            changed.append(name)
    return changed


def _change_organization(profile: MemberProfile, wanted: Organization | None, actor: User) -> bool:
    """Apply the organization picked on a profile; returns whether the confirmed one
    changed. Leaving (None) needs nobody; picking the current one withdraws an open
    request; another one becomes a request to join (members.reviews), except for the
    organization the person registered and for staff, who join at once."""
    from .reviews import join_requested  # reviews builds on this module

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


@transaction.atomic
def organization_create(*, actor: User, data: dict) -> Organization:
    """Register a new organization and make the actor one of its people (withdrawing any
    request to join another). It waits for review and is shown publicly once approved
    (members.reviews): by staff or the region's representative, or with its creator's
    membership application; staff who register one approve it by doing so. A person may
    have only a few organizations waiting for review at a time."""
    from .reviews import organization_submitted, pending_organization_limit_check

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
        log_action(
            actor=actor,
            action="members.organization.updated",
            obj=organization,
            data={"fields": sorted(changed)},
        )
    return organization


# --- Membership -------------------------------------------------------------------------


def _require_curator(actor: User, perm: str) -> None:
    """Only active staff holding `perm` decide applications and set roles (the services
    check it themselves, not only the admin in front of them)."""
    if actor is None or not actor.is_authenticated or not actor.is_staff or not actor.has_perm(perm):
        raise PermissionDenied


def _sync_role_groups(profile: MemberProfile) -> None:
    """Keep the person's auth groups in step with their membership and network role.
    Only the network's own role groups are added or removed here, and no service touches
    any other: staff access (is_staff, the "ILO staff" group), superuser powers, email
    addresses and passwords are changed by superusers in the admin only (members.admin)."""
    managed = {Role.MEMBER.value, Role.CORE_GROUP.value, Role.REGIONAL_REP.value}
    wanted = set()
    if profile.membership == MemberProfile.Membership.APPROVED:
        wanted.add(Role.MEMBER.value)
        role_group = ROLE_GROUPS.get(profile.network_role)
        if role_group:
            wanted.add(role_group.value)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in managed}
    user = profile.user
    user.groups.remove(*(groups[name] for name in managed - wanted))
    user.groups.add(*(groups[name] for name in wanted))


def _lock_profile(pk: int) -> MemberProfile:
    return MemberProfile.objects.select_for_update().select_related("user").get(pk=pk)


@transaction.atomic
def membership_apply(
    *,
    profile: MemberProfile,
    actor: User,
    motivation: str,
    needs: Iterable[str] = (),
    challenges: str = "",
    workshop_topics: str = "",
    can_host_peer_sessions: bool = False,
    can_translate: bool = False,
) -> MembershipApplication:
    """Ask to join the network, with the needs assessment. The profile must be complete,
    and only one application may wait for review at a time (a DB constraint backs this).
    Sends the applicant an acknowledgement in their preferred language."""
    if actor.pk != profile.user_id:
        raise PermissionDenied
    profile = _lock_profile(profile.pk)
    if profile.membership == MemberProfile.Membership.APPROVED:
        raise MembershipError(_("You are already a member of the network."))
    if profile.applications.filter(status=MembershipApplication.Status.PENDING).exists():
        raise MembershipError(_("Your application is already waiting for review."))
    if not profile.is_complete:
        raise MembershipError(
            _("Complete your profile (at least your name and country) before applying.")
        )
    motivation = (motivation or "").strip()
    if not motivation:
        raise MembershipError(_("Tell us why you want to join the network."))
    valid_needs = set(MembershipApplication.Need.values)
    needs = list(dict.fromkeys(needs))
    if not set(needs) <= valid_needs:
        raise MembershipError(_("Choose needs from the list."))
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                profile=profile,
                motivation=motivation,
                needs=needs,
                challenges=(challenges or "").strip(),
                workshop_topics=(workshop_topics or "").strip(),
                can_host_peer_sessions=bool(can_host_peer_sessions),
                can_translate=bool(can_translate),
            )
    except IntegrityError:
        raise MembershipError(_("Your application is already waiting for review.")) from None
    profile.membership = MemberProfile.Membership.PENDING
    profile.save(update_fields=["membership", "updated_at"])
    log_action(
        actor=actor, action="members.membership.applied", obj=application, data={"profile": profile.pk}
    )
    language = profile.preferred_language
    send_templated_email(
        to=profile.user.email,
        template="members/emails/membership_received",
        context={
            "profile": profile,
            "application": application,
            "apply_url": absolute_url("members:apply", language=language),
        },
        language=language,
        key=f"membership-received:{application.pk}",
    )
    return application


def _lock_pending(application: MembershipApplication) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.PENDING:
        raise MembershipError(_("This application has already been decided."))
    return application


def _send_decision(
    application: MembershipApplication, profile: MemberProfile, template: str
) -> None:
    language = profile.preferred_language
    send_templated_email(
        to=profile.user.email,
        template=template,
        context={
            "profile": profile,
            "application": application,
            "reason": application.decision_reason,
            "profile_url": absolute_url("members:profile-edit", language=language),
            "apply_url": absolute_url("members:apply", language=language),
            "directory_url": absolute_url("members:directory", language=language),
        },
        language=language,
        key=f"membership-decision:{application.pk}",
    )


@transaction.atomic
def membership_approve(
    *, application: MembershipApplication, actor: User, message: str = ""
) -> MembershipApplication:
    """Accept a pending application: the person becomes a member (group "Member", member
    since now), their organization is listed publicly, and they get an email in their
    preferred language. Raises MembershipError when the application is not pending."""
    _require_curator(actor, "members.change_membershipapplication")
    application = _lock_pending(application)
    profile = _lock_profile(application.profile_id)
    now = timezone.now()
    application.status = MembershipApplication.Status.APPROVED
    application.decided_at = now
    application.decided_by = actor
    application.decision_reason = (message or "").strip()
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    profile.membership = MemberProfile.Membership.APPROVED
    profile.member_since = profile.member_since or now
    profile.save(update_fields=["membership", "member_since", "updated_at"])
    _sync_role_groups(profile)
    log_action(
        actor=actor, action="members.membership.approved", obj=application, data={"profile": profile.pk}
    )
    # The application showed the organization: a pending one is approved with its
    # person (through the one review service, which checks the actor may), quietly, as
    # the welcome email is the news. A rejected one stays rejected.
    organization = profile.organization
    if (
        organization is not None
        and organization.review_status == Organization.ReviewStatus.PENDING
        and organization.can_be_reviewed_by(actor)
    ):
        from .reviews import organization_approve  # reviews builds on this module

        organization_approve(organization=organization, actor=actor, notify=False)
    _send_decision(application, profile, "members/emails/membership_approved")
    membership_approved.send(sender=MemberProfile, profile=profile, application=application, actor=actor)
    return application


@transaction.atomic
def membership_decline(
    *, application: MembershipApplication, actor: User, reason: str
) -> MembershipApplication:
    """Turn down a pending application with a reason, which is emailed to the applicant
    in their preferred language. They may apply again later."""
    _require_curator(actor, "members.change_membershipapplication")
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("Give the applicant a reason for the decision."))
    application = _lock_pending(application)
    profile = _lock_profile(application.profile_id)
    application.status = MembershipApplication.Status.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    profile.membership = MemberProfile.Membership.DECLINED
    profile.save(update_fields=["membership", "updated_at"])
    _sync_role_groups(profile)
    log_action(
        actor=actor, action="members.membership.declined", obj=application, data={"profile": profile.pk}
    )
    _send_decision(application, profile, "members/emails/membership_declined")
    return application


@transaction.atomic
def network_role_set(
    *, profile: MemberProfile, actor: User | None, role: str, region: str = ""
) -> MemberProfile:
    """Make an approved member a plain member, a core group member or the regional
    representative of a region, keeping their auth groups in step. Idempotent: setting
    the current role again changes nothing and records nothing. `actor=None` is for
    trusted callers (data seeding); otherwise the actor needs change_memberprofile."""
    if actor is not None:
        _require_curator(actor, "members.change_memberprofile")
    if role not in MemberProfile.NetworkRole.values:
        raise MembershipError(_("Unknown network role."))
    if role == MemberProfile.NetworkRole.REGIONAL_REP:
        if region not in Region.values:
            raise MembershipError(_("Choose the region this representative represents."))
    else:
        region = ""
    profile = _lock_profile(profile.pk)
    if (
        profile.membership != MemberProfile.Membership.APPROVED
        and role != MemberProfile.NetworkRole.MEMBER
    ):
        raise MembershipError(_("Only approved members can take a role in the network."))
    if profile.network_role == role and profile.represented_region == region:
        return profile
    previous = {"role": profile.network_role, "region": profile.represented_region}
    profile.network_role = role
    profile.represented_region = region
    profile.save(update_fields=["network_role", "represented_region", "updated_at"])
    _sync_role_groups(profile)
    log_action(
        actor=actor,
        action="members.profile.role_set",
        obj=profile,
        data={"from": previous, "to": {"role": role, "region": region}},
    )
    network_role_changed.send(
        sender=MemberProfile, profile=profile, previous_role=previous["role"], role=role, actor=actor
    )
    return profile

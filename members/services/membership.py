"""Membership of the network: applying, staff's decision, and network roles (with the
auth groups that go with them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import absolute_url, send_templated_email
from taxonomy.regions import Region

from ..models import MemberProfile, MembershipApplication, Organization, User
from ..roles import Role
from ..signals import membership_approved, network_role_changed
from .errors import MembershipError

# The auth group that goes with each network role (plain members are in "Member" only).
ROLE_GROUPS = {
    MemberProfile.NetworkRole.CORE: Role.CORE_GROUP,
    MemberProfile.NetworkRole.REGIONAL_REP: Role.REGIONAL_REP,
}


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
        from ..reviews import organization_approve  # reviews builds on this module

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

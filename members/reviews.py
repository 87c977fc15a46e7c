"""Reviews of what people add to the network: new organizations, and requests to join an
existing one.

An organization registered on the site starts *pending review* and is shown publicly only
once it is approved: by staff who curate organizations, or by the approved regional
representative of its region (who did not register it and is not in it). Joining an
existing organization is a *request* (MemberProfile.requested_organization) until one of
its confirmed people, who is an approved member, or staff confirms it; meanwhile
MemberProfile.organization keeps the person's confirmed affiliation. Leaving needs nobody.

Every decision goes through the services here: keyword-only, atomic, one audit entry each,
the people concerned told by email in their own language. They raise ReviewNotAllowed
when the actor may not take the decision and MembershipError when the state does not allow
it (already decided, a request since changed); both leave everything as it was.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import absolute_url, send_to_user, user_language

from .models import MemberProfile, Organization, User
from .roles import Role
from .services import AFFILIATION_FIELDS, MembershipError

# Who is told of a new request to join: its longest-standing confirmed members, at most.
MAX_JOIN_REQUEST_RECIPIENTS = 10
# How many organizations one person may have waiting for review at a time.
MAX_PENDING_ORGANIZATIONS = 3
# What the public sees of an approved organization first: when its creator changes one of
# these, its reviewers are told (approved_organization_changed).
PUBLIC_FACE_FIELDS = ("name", "logo", "website", "description", "project_name")


class ReviewNotAllowed(MembershipError):
    """The actor may not take this decision (str(error) is shown to them)."""


def _email(user: User | None, template: str, key: str, **context) -> None:
    """Tell one person, in their language; nobody to tell (no user, inactive) is fine."""
    if user is None:
        return
    language = user_language(user)
    organization = context.get("organization")
    if organization is not None:
        context.setdefault(
            "organization_url",
            absolute_url("members:organization-detail", language=language, slug=organization.slug),
        )
    send_to_user(
        user=user,
        template=f"members/emails/{template}",
        context={
            "name": user.get_full_name(),
            "reviews_url": absolute_url("members:reviews", language=language),
            "profile_url": absolute_url("members:profile-edit", language=language),
            **context,
        },
        key=key,
    )


# --- Organizations ----------------------------------------------------------------------


def pending_organization_limit_check(*, actor: User) -> None:
    """Refuse a new registration while the person already has several waiting."""
    waiting = Organization.objects.pending_review().filter(created_by=actor).count()
    if waiting >= MAX_PENDING_ORGANIZATIONS:
        raise MembershipError(
            _(
                "You already have organizations waiting for review. Please wait for a "
                "decision before registering another one."
            )
        )


def organization_submitted(*, organization: Organization, actor: User) -> Organization:
    """Bring a newly registered organization to its reviewers. Staff who register one have
    approved it by doing so. When an approved member registered it, the representatives
    of its region are told (once per organization); a newcomer's organization is reviewed
    with their membership application. Call inside the creating transaction."""
    if organization.can_be_reviewed_by(actor):
        return organization_approve(organization=organization, actor=actor, notify=False)
    creator_profile = getattr(actor, "profile", None)
    if creator_profile is None or creator_profile.membership != MemberProfile.Membership.APPROVED:
        return organization
    reps = (
        MemberProfile.objects.filter(
            network_role=MemberProfile.NetworkRole.REGIONAL_REP,
            membership=MemberProfile.Membership.APPROVED,
            represented_region=organization.region,
            user__is_active=True,
        )
        .exclude(user=actor)
        .select_related("user")
    )
    for rep in reps:
        _email(
            rep.user,
            "organization_submitted",
            key=f"organization-submitted:{organization.pk}:{rep.user_id}",
            organization=organization,
            creator=creator_profile,
        )
    return organization


def organization_reviewers(organization: Organization, *, exclude: User | None = None) -> list[User]:
    """Who reviews `organization`: active ILO staff and the approved representatives of
    its region (never `exclude`, the person who acted)."""
    staff = User.objects.filter(groups__name=Role.ILO_STAFF.value, is_active=True).distinct()
    reps = User.objects.filter(
        is_active=True,
        profile__network_role=MemberProfile.NetworkRole.REGIONAL_REP,
        profile__membership=MemberProfile.Membership.APPROVED,
        profile__represented_region=organization.region,
    )
    people = {user.pk: user for user in [*staff.order_by("pk"), *reps.order_by("pk")]}
    if exclude is not None:
        people.pop(exclude.pk, None)
    return list(people.values())


def approved_organization_changed(*, organization: Organization, actor: User, fields, entry_id) -> None:
    """An approved organization stays public while its creator edits it; when the edit
    changes its public face (name, logo, website, description, project name), its
    reviewers are told what changed, with a link to correct it or withdraw the approval
    in the admin. Edits by staff tell nobody. `entry_id` (the edit's audit entry) makes
    each edit one email per reviewer, however often a task retries."""
    if organization.review_status != Organization.ReviewStatus.APPROVED or actor.is_staff:
        return
    changed = [field for field in PUBLIC_FACE_FIELDS if field in fields]
    if not changed:
        return
    editor = getattr(actor, "profile", None)
    for reviewer in organization_reviewers(organization, exclude=actor):
        with translation.override(user_language(reviewer)):
            labels = [str(Organization._meta.get_field(field).verbose_name) for field in changed]
        _email(
            reviewer,
            "organization_changed",
            key=f"organization-changed:{organization.pk}:{entry_id}:{reviewer.pk}",
            organization=organization,
            editor=editor.display_name if editor else actor.email,
            fields=labels,
            admin_url=absolute_url(
                "admin:members_organization_change",
                language=user_language(reviewer),
                object_id=organization.pk,
            )
            if reviewer.is_staff
            else "",
        )


def _lock_for_review(organization: Organization, actor: User) -> Organization:
    organization = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("created_by")
        .get(pk=organization.pk)
    )
    if not organization.can_be_reviewed_by(actor):
        raise ReviewNotAllowed(_("You may not review this organization."))
    return organization


def _is_curator(actor: User) -> bool:
    return actor.has_perm("members.change_organization")


@transaction.atomic
def organization_approve(
    *, organization: Organization, actor: User, notify: bool = True
) -> Organization:
    """Approve an organization: from then on it is shown publicly. Pending ones may be
    approved by their reviewers (see Organization.can_be_reviewed_by); a rejected one only
    by staff. The person who registered it is told by email unless `notify` is False (its
    membership approval or its registration by staff is the news then). Raises
    ReviewNotAllowed or MembershipError (already approved) and changes nothing."""
    organization = _lock_for_review(organization, actor)
    status = organization.review_status
    if status == Organization.ReviewStatus.APPROVED:
        raise MembershipError(_("This organization has already been approved."))
    if status == Organization.ReviewStatus.REJECTED and not _is_curator(actor):
        raise ReviewNotAllowed(_("Only the ILO team can approve an organization it rejected."))
    organization.review_status = Organization.ReviewStatus.APPROVED
    organization.reviewed_at = timezone.now()
    organization.reviewed_by = actor
    organization.review_note = ""
    organization.save(
        update_fields=["review_status", "reviewed_at", "reviewed_by", "review_note", "updated_at"]
    )
    # The audit entry names the decision: its id keys the one email about it.
    decision = log_action(
        actor=actor,
        action="members.organization.approved",
        obj=organization,
        data={"from": status, "to": organization.review_status},
    )
    if notify:
        _email(
            organization.created_by,
            "organization_approved",
            key=f"organization-approved:{decision.pk}",
            organization=organization,
        )
    return organization


@transaction.atomic
def organization_reject(*, organization: Organization, actor: User, reason: str) -> Organization:
    """Turn down a pending organization, or (staff only) withdraw an approved one from
    public view, with a reason emailed to the person who registered it. It stays visible
    to them and its people, never publicly. Raises ReviewNotAllowed or MembershipError
    (no reason, already rejected) and changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(
            _("Give a reason for the decision; it is sent to whoever registered it.")
        )
    organization = _lock_for_review(organization, actor)
    status = organization.review_status
    if status == Organization.ReviewStatus.REJECTED:
        raise MembershipError(_("This organization has already been rejected."))
    if status == Organization.ReviewStatus.APPROVED and not _is_curator(actor):
        raise ReviewNotAllowed(_("Only the ILO team can withdraw an approved organization."))
    organization.review_status = Organization.ReviewStatus.REJECTED
    organization.reviewed_at = timezone.now()
    organization.reviewed_by = actor
    organization.review_note = reason[:3000]
    organization.save(
        update_fields=["review_status", "reviewed_at", "reviewed_by", "review_note", "updated_at"]
    )
    decision = log_action(
        actor=actor,
        action="members.organization.rejected",
        obj=organization,
        data={"from": status, "to": organization.review_status},
    )
    _email(
        organization.created_by,
        "organization_rejected",
        key=f"organization-rejected:{decision.pk}",
        organization=organization,
        reason=organization.review_note,
    )
    return organization


# --- Joining an organization ------------------------------------------------------------


def join_requested(*, profile: MemberProfile, organization: Organization, actor: User) -> None:
    """Record that `profile` asks to join `organization` and tell the people who may
    confirm. For profile_update, which holds the profile locked and has checked that the
    organization may be picked; saving the profile is the caller's."""
    profile.requested_organization = organization
    profile.organization_requested_at = timezone.now()
    log_action(
        actor=actor,
        action="members.profile.join_requested",
        obj=profile,
        data={"organization": organization.pk},
    )
    confirmers = (
        MemberProfile.objects.filter(
            organization=organization,
            membership=MemberProfile.Membership.APPROVED,
            user__is_active=True,
        )
        .exclude(pk=profile.pk)
        .select_related("user")
        .order_by("member_since", "pk")[:MAX_JOIN_REQUEST_RECIPIENTS]
    )
    for confirmer in confirmers:
        # One message per requester, organization and confirmer, ever: asking again and
        # again cannot flood an organization's people.
        _email(
            confirmer.user,
            "join_requested",
            key=f"join-requested:{profile.pk}:{organization.pk}:{confirmer.user_id}",
            organization=organization,
            requester=profile,
        )


def _lock_request(profile: MemberProfile, organization: Organization, actor: User) -> MemberProfile:
    # Who may act is checked against the organization named, before anything about the
    # person is looked at: others learn nothing about who asked to join what.
    is_self = actor.pk == profile.user_id and not actor.has_perm("members.change_memberprofile")
    if is_self or not organization.can_admit(actor):
        raise ReviewNotAllowed(
            _(
                "Only confirmed members of this organization or the ILO team can decide this request."
            )
        )
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.requested_organization_id != organization.pk:
        raise MembershipError(_("This request has already been decided or withdrawn."))
    return profile


def _decide(
    profile: MemberProfile, organization: Organization, actor: User, *, confirmed: bool
) -> MemberProfile:
    profile = _lock_request(profile, organization, actor)
    previous = profile.organization_id
    if confirmed:
        profile.organization = organization
    profile.requested_organization = None
    profile.organization_requested_at = None
    profile.save(update_fields=[*AFFILIATION_FIELDS, "updated_at"])
    outcome = "confirmed" if confirmed else "declined"
    decision = log_action(
        actor=actor,
        action=f"members.profile.join_{outcome}",
        obj=profile,
        data={"organization": organization.pk, "previous_organization": previous},
    )
    _email(
        profile.user,
        f"join_{outcome}",
        key=f"join-{outcome}:{decision.pk}",
        organization=organization,
    )
    return profile


@transaction.atomic
def join_confirm(
    *, profile: MemberProfile, organization: Organization, actor: User
) -> MemberProfile:
    """Confirm that the person belongs to the organization they asked to join: it becomes
    their organization (replacing any previous one) and they are told. `organization` must
    be the one they asked for, so a request changed meanwhile is not confirmed by mistake.
    Raises ReviewNotAllowed or MembershipError and changes nothing."""
    return _decide(profile, organization, actor, confirmed=True)


@transaction.atomic
def join_decline(
    *, profile: MemberProfile, organization: Organization, actor: User
) -> MemberProfile:
    """Decline a request to join: the request is withdrawn, the person keeps any previous
    organization and is told. Same checks as join_confirm."""
    return _decide(profile, organization, actor, confirmed=False)

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members import services
from members.models import MemberProfile, MembershipApplication, Organization
from members.roles import Role
from taxonomy.models import Expertise, Language, SkillCategory
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
    UserFactory,
)

from .images import png_upload

pytestmark = pytest.mark.django_db


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk))
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


# --- profile_update -----------------------------------------------------------------


def test_profile_update_saves_fields_and_tags_and_records_what_changed(registered):
    cats = list(SkillCategory.objects.filter(slug__in=["rpl-certification", "entrepreneurship"]))
    profile = services.profile_update(
        profile=registered,
        actor=registered.user,
        data={
            "full_name": "Rita R.",
            "country": "SN",
            "categories": cats,
            "preferred_language": "fr",
        },
    )
    profile.refresh_from_db()
    assert (profile.full_name, profile.country.code, profile.preferred_language) == (
        "Rita R.",
        "SN",
        "fr",
    )
    assert set(profile.categories.values_list("slug", flat=True)) == {
        "rpl-certification",
        "entrepreneurship",
    }
    entry = AuditEntry.objects.get(action="members.profile.updated", object_id=str(profile.pk))
    assert entry.actor == registered.user
    assert entry.data["fields"] == ["categories", "country", "full_name", "preferred_language"]


def test_profile_update_with_nothing_changed_records_nothing(registered):
    services.profile_update(
        profile=registered, actor=registered.user, data={"full_name": registered.full_name}
    )
    assert not AuditEntry.objects.filter(action="members.profile.updated").exists()


def test_profile_update_stores_a_reencoded_photo_and_can_clear_it(registered):
    from core.uploads import PHOTO, process_image

    services.profile_update(
        profile=registered,
        actor=registered.user,
        data={"photo": process_image(png_upload(), spec=PHOTO)},
    )
    registered.refresh_from_db()
    assert registered.photo.name.startswith("photos/") and registered.photo.name.endswith(".jpg")
    services.profile_update(profile=registered, actor=registered.user, data={"photo": False})
    registered.refresh_from_db()
    assert not registered.photo


def test_someone_else_cannot_update_a_profile(registered, member):
    with pytest.raises(PermissionDenied):
        services.profile_update(profile=registered, actor=member.user, data={"full_name": "Hacked"})


def test_profile_update_refuses_fields_people_may_not_change_themselves(registered):
    with pytest.raises(ValueError):
        services.profile_update(
            profile=registered, actor=registered.user, data={"membership": "approved"}
        )


def test_joining_an_unapproved_organization_of_someone_else_is_refused(registered):
    private = OrganizationFactory(is_approved=False)
    with pytest.raises(services.MembershipError):
        services.profile_update(
            profile=registered, actor=registered.user, data={"organization": private}
        )


def test_picking_an_approved_organization_asks_to_join_it(registered):
    organization = OrganizationFactory(is_approved=True)
    profile = services.profile_update(
        profile=registered, actor=registered.user, data={"organization": organization}
    )
    # Its people confirm first (tests/members/test_organization_review.py).
    assert profile.organization is None
    assert profile.requested_organization == organization


# --- organizations ------------------------------------------------------------------


def test_organization_create_links_the_creator_and_waits_for_approval(registered):
    english = Language.objects.get(code="en")
    organization = services.organization_create(
        actor=registered.user,
        data={
            "name": "  Youth Skills Lab ",
            "type": "ngo",
            "country": "KE",
            "project_languages": [english],
        },
    )
    registered.refresh_from_db()
    assert organization.name == "Youth Skills Lab"
    assert organization.slug == "youth-skills-lab"
    assert organization.created_by == registered.user
    assert organization.is_approved is False
    assert list(organization.project_languages.all()) == [english]
    assert registered.organization == organization
    assert "members.organization.created" in actions(organization)


def test_an_organization_created_by_an_approved_member_waits_for_review(member):
    organization = services.organization_create(
        actor=member.user, data={"name": "Listed Org", "type": "sme", "country": "BR"}
    )
    assert organization.review_status == Organization.ReviewStatus.PENDING


def test_organization_create_without_a_name_is_refused(registered):
    with pytest.raises(services.MembershipError):
        services.organization_create(
            actor=registered.user, data={"name": " ", "type": "ngo", "country": "KE"}
        )


def test_organization_update_by_its_creator_is_audited(registered):
    organization = OrganizationFactory(created_by=registered.user)
    updated = services.organization_update(
        organization=organization,
        actor=registered.user,
        data={"project_impact": "1,000 apprentices"},
    )
    assert updated.project_impact == "1,000 apprentices"
    assert Organization.objects.get(pk=organization.pk).project_impact == "1,000 apprentices"
    assert AuditEntry.objects.get(action="members.organization.updated").data == {
        "fields": ["project_impact"]
    }


def test_organization_update_by_another_member_is_denied(member):
    organization = OrganizationFactory(created_by=UserFactory())
    with pytest.raises(PermissionDenied):
        services.organization_update(
            organization=organization, actor=member.user, data={"name": "Mine now"}
        )


# --- membership_apply ---------------------------------------------------------------


def apply(profile, **extra):
    data = {"motivation": "To meet peers.", "needs": ["funding", "translation"], **extra}
    return services.membership_apply(profile=profile, actor=profile.user, **data)


def test_applying_creates_a_pending_application_and_acknowledges_it(registered, mailbox, committed):
    registered.preferred_language = "es"
    registered.save()
    with committed():
        application = apply(registered, challenges="Funding", can_translate=True)
    registered.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.needs == ["funding", "translation"]
    assert application.can_translate is True
    assert registered.membership == MemberProfile.Membership.PENDING
    assert actions(application) == ["members.membership.applied"]
    assert len(mailbox) == 1
    assert mailbox[0].to == [registered.user.email]
    assert "/es/members/apply/" in mailbox[0].body


def test_a_second_pending_application_is_refused(registered):
    apply(registered)
    with pytest.raises(services.MembershipError):
        apply(registered)
    assert MembershipApplication.objects.filter(profile=registered).count() == 1


def test_the_database_refuses_two_pending_applications_even_if_the_check_is_bypassed(registered):
    from django.db import IntegrityError, transaction

    MembershipApplicationFactory(profile=registered)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipApplicationFactory(profile=registered)


def test_an_incomplete_profile_cannot_apply(db):
    profile = MemberProfileFactory(country="")
    with pytest.raises(services.MembershipError, match="Complete your profile"):
        apply(profile)


def test_a_member_cannot_apply_again(member):
    with pytest.raises(services.MembershipError, match="already a member"):
        apply(member)


def test_unknown_needs_are_refused(registered):
    with pytest.raises(services.MembershipError):
        apply(registered, needs=["world-domination"])


def test_an_empty_motivation_is_refused(registered):
    with pytest.raises(services.MembershipError):
        apply(registered, motivation="   ")


def test_nobody_can_apply_on_someone_elses_behalf(registered, member):
    with pytest.raises(PermissionDenied):
        services.membership_apply(profile=registered, actor=member.user, motivation="x")


def test_a_declined_applicant_may_apply_again(registered, staff):
    first = apply(registered)
    services.membership_decline(application=first, actor=staff, reason="Not yet.")
    second = apply(MemberProfile.objects.get(pk=registered.pk))
    assert second.pk != first.pk


# --- membership_approve / membership_decline ----------------------------------------


def test_approving_makes_a_member_lists_the_organization_and_emails_in_their_language(
    staff, mailbox, committed
):
    organization = OrganizationFactory(is_approved=False)
    profile = MemberProfileFactory(organization=organization, preferred_language="fr")
    application = apply(profile)

    with committed():
        result = services.membership_approve(application=application, actor=staff)

    assert result.status == MembershipApplication.Status.APPROVED
    assert result.decided_by == staff and result.decided_at is not None
    profile.refresh_from_db()
    organization.refresh_from_db()
    assert profile.membership == MemberProfile.Membership.APPROVED
    assert profile.member_since is not None
    assert Role.MEMBER.value in group_names(profile.user)
    assert organization.is_approved is True
    assert "members.membership.approved" in actions(application)
    assert "members.organization.approved" in actions(organization)
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message.to == [profile.user.email]
    assert "/fr/members/" in message.body
    queued = Email.objects.get(key=f"membership-decision:{application.pk}")
    assert (queued.to, queued.language) == (profile.user.email, "fr")


def test_declining_records_the_reason_and_emails_it_in_the_applicants_language(
    staff, mailbox, committed
):
    profile = MemberProfileFactory(preferred_language="es")
    application = apply(profile)

    with committed():
        result = services.membership_decline(
            application=application, actor=staff, reason="Please add your project."
        )

    assert result.status == MembershipApplication.Status.DECLINED
    assert result.decision_reason == "Please add your project."
    profile.refresh_from_db()
    assert profile.membership == MemberProfile.Membership.DECLINED
    assert Role.MEMBER.value not in group_names(profile.user)
    assert "members.membership.declined" in actions(application)
    assert len(mailbox) == 1
    assert "Please add your project." in mailbox[0].body
    assert "/es/members/apply/" in mailbox[0].body
    assert Email.objects.get(key=f"membership-decision:{application.pk}").language == "es"
    html = mailbox[0].alternatives[0]
    assert 'lang="es"' in (html.content if hasattr(html, "content") else html[0])


def test_declining_needs_a_reason(staff, registered):
    application = apply(registered)
    with pytest.raises(services.MembershipError):
        services.membership_decline(application=application, actor=staff, reason="  ")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_a_decided_application_cannot_be_decided_again(staff, registered, mailbox, committed):
    with committed():
        application = apply(registered)
        services.membership_approve(application=application, actor=staff)
    sent = len(mailbox)
    with committed(), pytest.raises(services.MembershipError):
        services.membership_approve(application=application, actor=staff)
    with committed(), pytest.raises(services.MembershipError):
        services.membership_decline(application=application, actor=staff, reason="Oops")
    assert len(mailbox) == sent == 2


@pytest.mark.parametrize("who", ["member", "staff-without-permission"])
def test_only_curators_may_decide(registered, member, who):
    actor = member.user if who == "member" else UserFactory(is_staff=True)
    application = apply(registered)
    with pytest.raises(PermissionDenied):
        services.membership_approve(application=application, actor=actor)
    with pytest.raises(PermissionDenied):
        services.membership_decline(application=application, actor=actor, reason="No")

    application.refresh_from_db()
    registered.refresh_from_db()
    assert (application.status, application.decided_by) == ("pending", None)
    assert registered.membership != MemberProfile.Membership.APPROVED
    assert not AuditEntry.objects.filter(action__in=["membership.approved", "membership.declined"]).exists()


def test_a_superuser_may_decide(registered, superuser):
    application = apply(registered)
    assert (
        services.membership_approve(application=application, actor=superuser).status == "approved"
    )


# --- network_role_set ---------------------------------------------------------------


def test_making_someone_a_regional_representative_keeps_groups_in_step(staff):
    profile = ApprovedMemberFactory()
    result = services.network_role_set(
        profile=profile, actor=staff, role="regional_rep", region="africa"
    )
    assert (result.network_role, result.represented_region) == ("regional_rep", "africa")
    assert group_names(profile.user) == {Role.MEMBER.value, Role.REGIONAL_REP.value}

    services.network_role_set(profile=profile, actor=staff, role="core")
    profile.refresh_from_db()
    assert (profile.network_role, profile.represented_region) == ("core", "")
    assert group_names(profile.user) == {Role.MEMBER.value, Role.CORE_GROUP.value}

    services.network_role_set(profile=profile, actor=staff, role="member")
    assert group_names(profile.user) == {Role.MEMBER.value}
    assert actions(profile).count("members.profile.role_set") == 3


def test_setting_the_same_role_again_changes_nothing(staff):
    profile = ApprovedMemberFactory()
    services.network_role_set(profile=profile, actor=staff, role="core")
    services.network_role_set(profile=profile, actor=staff, role="core")
    assert actions(profile).count("members.profile.role_set") == 1


def test_a_regional_representative_needs_a_valid_region(staff):
    profile = ApprovedMemberFactory()
    for region in ("", "atlantis"):
        with pytest.raises(services.MembershipError):
            services.network_role_set(
                profile=profile, actor=staff, role="regional_rep", region=region
            )


def test_only_approved_members_can_take_a_role(staff, registered):
    with pytest.raises(services.MembershipError):
        services.network_role_set(profile=registered, actor=staff, role="core")


def test_an_unknown_role_is_refused(staff, member):
    with pytest.raises(services.MembershipError):
        services.network_role_set(profile=member, actor=staff, role="emperor")


@pytest.mark.parametrize("who", ["member", "staff-without-permission"])
def test_members_cannot_change_roles(member, who):
    actor = member.user if who == "member" else UserFactory(is_staff=True)
    other = ApprovedMemberFactory()
    with pytest.raises(PermissionDenied):
        services.network_role_set(profile=other, actor=actor, role="core")

    other.refresh_from_db()
    assert other.network_role == MemberProfile.NetworkRole.MEMBER
    assert not other.user.groups.filter(name=Role.CORE_GROUP.value).exists()
    assert not AuditEntry.objects.filter(action="profile.role_set").exists()


def test_role_groups_leave_other_groups_alone(staff):
    profile = ApprovedMemberFactory()
    profile.user.groups.add(Group.objects.get(name=Role.ILO_STAFF.value))
    services.network_role_set(profile=profile, actor=staff, role="core")
    assert Role.ILO_STAFF.value in group_names(profile.user)


def test_profile_ensure_is_idempotent_and_keeps_a_supported_language():
    user = UserFactory()
    first = services.profile_ensure(user=user, language="fr-ca")
    second = services.profile_ensure(user=user, language="es")
    assert first.pk == second.pk
    assert second.preferred_language == "fr"


def test_expertise_tags_are_replaced_not_added(registered):
    a, b = Expertise.objects.all()[:2]
    services.profile_update(profile=registered, actor=registered.user, data={"expertise": [a]})
    services.profile_update(profile=registered, actor=registered.user, data={"expertise": [b]})
    assert list(registered.expertise.all()) == [b]

"""New organizations wait for review before they are public, and joining an existing
organization waits for its people's (or staff's) confirmation: the services in
members.reviews and what the public sees before and after (the migration is in
test_organization_review_migration.py, the pages in test_organization_review_pages.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members import reviews, selectors, services
from members.models import MemberProfile, Organization
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    OrganizationFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PENDING = Organization.ReviewStatus.PENDING
APPROVED = Organization.ReviewStatus.APPROVED
REJECTED = Organization.ReviewStatus.REJECTED


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


def status_of(organization) -> str:
    return Organization.objects.get(pk=organization.pk).review_status


def rep(region: str = "africa", **kwargs) -> MemberProfile:
    return ApprovedMemberFactory(
        network_role=MemberProfile.NetworkRole.REGIONAL_REP, represented_region=region, **kwargs
    )


@pytest.fixture
def creator():
    return ApprovedMemberFactory(full_name="Chloé Creator", preferred_language="fr")


@pytest.fixture
def new_org(creator):
    """An organization an approved member just registered in Kenya (Africa)."""
    return services.organization_create(
        actor=creator.user, data={"name": "Fresh Skills Hub", "type": "ngo", "country": "KE"}
    )


# --- Who may approve: the permission matrix ----------------------------------------------

ACTORS = {
    "staff": lambda org: StaffUserFactory(),
    "superuser": lambda org: UserFactory(is_staff=True, is_superuser=True),
    "rep of its region": lambda org: rep("africa").user,
    "rep of another region": lambda org: rep("americas").user,
    "rep who registered it": lambda org: _rep_creator(org),
    "rep who belongs to it": lambda org: rep("africa", organization=org).user,
    "rep whose membership was declined": lambda org: (
        MemberProfileFactory(
            membership="declined", network_role="regional_rep", represented_region="africa"
        ).user
    ),
    "plain member": lambda org: ApprovedMemberFactory().user,
    "member of it": lambda org: ApprovedMemberFactory(organization=org).user,
    "registered non-member": lambda org: MemberProfileFactory().user,
    "inactive staff": lambda org: StaffUserFactory(is_active=False),
    "staff without the ILO staff group": lambda org: UserFactory(is_staff=True),
    "anonymous": lambda org: AnonymousUser(),
}
MAY_APPROVE = {"staff", "superuser", "rep of its region"}


def _rep_creator(org):
    person = rep("africa")
    Organization.objects.filter(pk=org.pk).update(created_by=person.user)
    org.refresh_from_db()
    return person.user


@pytest.mark.parametrize("who", list(ACTORS))
def test_only_staff_and_the_representative_of_its_region_may_approve_a_new_organization(
    new_org, who
):
    actor = ACTORS[who](new_org)
    assert new_org.can_be_reviewed_by(actor) is (who in MAY_APPROVE)
    listed = Organization.objects.reviewable_by(actor).filter(pk=new_org.pk).exists()
    assert listed is (who in MAY_APPROVE)
    if who in MAY_APPROVE:
        reviews.organization_approve(organization=new_org, actor=actor)
        assert status_of(new_org) == APPROVED
    else:
        with pytest.raises(reviews.ReviewNotAllowed):
            reviews.organization_approve(organization=new_org, actor=actor)
        with pytest.raises(reviews.ReviewNotAllowed):
            reviews.organization_reject(organization=new_org, actor=actor, reason="No.")
        assert status_of(new_org) == PENDING
        assert "members.organization.approved" not in actions(new_org)


def test_approving_lists_it_records_who_and_emails_its_creator_in_their_language(
    new_org, creator, staff, mailbox, committed
):
    with committed():
        reviews.organization_approve(organization=new_org, actor=staff)
    new_org.refresh_from_db()
    assert (new_org.review_status, new_org.reviewed_by) == (APPROVED, staff)
    assert new_org.reviewed_at is not None
    entry = AuditEntry.objects.get(action="members.organization.approved", object_id=str(new_org.pk))
    assert entry.actor == staff and entry.data == {"from": "pending", "to": "approved"}
    email = Email.objects.get(template="members/emails/organization_approved")
    assert (email.to, email.language) == (creator.user.email, "fr")
    assert f"/fr/members/organizations/{new_org.slug}/" in email.text_body
    assert [m.to for m in mailbox] == [[creator.user.email]]


def test_approving_twice_is_refused_and_changes_nothing(new_org, staff):
    reviews.organization_approve(organization=new_org, actor=staff)
    with pytest.raises(services.MembershipError, match="already been approved"):
        reviews.organization_approve(organization=new_org, actor=rep("africa").user)
    assert actions(new_org).count("members.organization.approved") == 1
    assert Email.objects.filter(template="members/emails/organization_approved").count() == 1


def test_rejecting_needs_a_reason_which_is_emailed_to_the_creator(new_org, creator):
    reviewer = rep("africa").user
    with pytest.raises(services.MembershipError, match="reason"):
        reviews.organization_reject(organization=new_org, actor=reviewer, reason="  ")
    assert status_of(new_org) == PENDING

    reviews.organization_reject(organization=new_org, actor=reviewer, reason="Not a skills org.")
    new_org.refresh_from_db()
    assert (new_org.review_status, new_org.review_note) == (REJECTED, "Not a skills org.")
    assert "members.organization.rejected" in actions(new_org)
    email = Email.objects.get(template="members/emails/organization_rejected")
    assert email.to == creator.user.email and "Not a skills org." in email.text_body
    with pytest.raises(services.MembershipError, match="already been rejected"):
        reviews.organization_reject(organization=new_org, actor=reviewer, reason="Again.")


def test_only_staff_may_reverse_a_rejection_or_withdraw_an_approved_organization(new_org, staff):
    reviewer = rep("africa").user
    reviews.organization_reject(organization=new_org, actor=reviewer, reason="Unclear.")
    with pytest.raises(reviews.ReviewNotAllowed):
        reviews.organization_approve(organization=new_org, actor=reviewer)
    reviews.organization_approve(organization=new_org, actor=staff)
    assert status_of(new_org) == APPROVED
    with pytest.raises(reviews.ReviewNotAllowed):
        reviews.organization_reject(organization=new_org, actor=reviewer, reason="Changed mind.")
    reviews.organization_reject(organization=new_org, actor=staff, reason="Withdrawn.")
    assert status_of(new_org) == REJECTED
    assert Email.objects.filter(template="members/emails/organization_rejected").count() == 2


def test_the_representatives_of_its_region_are_told_of_a_new_organization(creator):
    africa, americas = rep("africa", preferred_language="es"), rep("americas")
    organization = services.organization_create(
        actor=creator.user, data={"name": "Told Org", "type": "ngo", "country": "SN"}
    )
    sent = Email.objects.filter(template="members/emails/organization_submitted")
    assert list(sent.values_list("to", "language")) == [(africa.user.email, "es")]
    assert "/es/members/reviews/" in sent.get().text_body
    assert americas.user.email not in set(Email.objects.values_list("to", flat=True))
    assert organization.review_status == PENDING


def test_staff_who_register_an_organization_on_the_site_approve_it(staff):
    organization = services.organization_create(
        actor=staff, data={"name": "Staff Org", "type": "public_agency", "country": "CH"}
    )
    assert organization.review_status == APPROVED and organization.reviewed_by == staff
    assert not Email.objects.filter(template__startswith="members/emails/organization_").exists()


def test_a_person_may_have_only_a_few_organizations_waiting_for_review(creator):
    for n in range(reviews.MAX_PENDING_ORGANIZATIONS):
        services.organization_create(
            actor=creator.user, data={"name": f"Org {n}", "type": "ngo", "country": "KE"}
        )
    with pytest.raises(services.MembershipError, match="waiting for review"):
        services.organization_create(
            actor=creator.user, data={"name": "One too many", "type": "ngo", "country": "KE"}
        )
    assert not Organization.objects.filter(name="One too many").exists()


def test_membership_approval_approves_the_applicants_pending_organization_but_not_a_rejected_one(
    staff,
):
    pending = OrganizationFactory(is_approved=False)
    rejected = OrganizationFactory(review_status=REJECTED)
    applications = []
    for organization in (pending, rejected):
        profile = MemberProfileFactory(organization=organization)
        applications.append(
            services.membership_apply(profile=profile, actor=profile.user, motivation="Skills.")
        )
    for application in applications:
        services.membership_approve(application=application, actor=staff)
    assert (status_of(pending), status_of(rejected)) == (APPROVED, REJECTED)
    assert AuditEntry.objects.get(action="members.organization.approved").actor == staff


# --- What the public sees before and after approval --------------------------------------


def test_a_pending_organization_is_shown_nowhere_public_until_approved(
    client, new_org, creator, staff
):
    Organization.objects.filter(pk=new_org.pk).update(logo="logos/fresh.png")
    MemberProfile.objects.filter(pk=creator.pk).update(visibility="public")
    other_member = ApprovedMemberFactory().user

    def public_places() -> dict:
        home = selectors.home_page_context(user=None)
        return {
            "organizations page": new_org in selectors.organization_list(),
            "home logos": new_org in home["recent_organizations"],
            "directory search": selectors.member_list(user=None, filters={"q": "Fresh"}).exists(),
            "directory card": "Fresh Skills Hub" in client.get(reverse("members:directory")).text,
            "profile page": "Fresh Skills Hub" in client.get(creator.get_absolute_url()).text,
            "home page": "Fresh Skills Hub" in client.get("/").text,
            "its page": client.get(new_org.get_absolute_url()).status_code == 200,
            "its page for another member": Organization.objects.visible_to(other_member)
            .filter(pk=new_org.pk)
            .exists(),
        }

    assert not any(public_places().values()), public_places()
    assert Organization.objects.visible_to(creator.user).filter(pk=new_org.pk).exists()
    assert Organization.objects.visible_to(staff).filter(pk=new_org.pk).exists()
    assert Organization.objects.visible_to(rep("africa").user).filter(pk=new_org.pk).exists()

    reviews.organization_approve(organization=new_org, actor=staff)
    assert all(public_places().values()), public_places()


def test_its_creator_sees_it_on_their_own_profile_page_marked_as_waiting(client, new_org, creator):
    client.force_login(creator.user)
    page = client.get(creator.get_absolute_url())
    assert "Fresh Skills Hub" in page.text and "until it is approved" in page.text
    assert "Waiting for review" in client.get(reverse("members:profile-edit")).text


# --- Joining an existing organization ----------------------------------------------------


@pytest.fixture
def org_with_people():
    organization = OrganizationFactory(name="Established Org")
    contact = ApprovedMemberFactory(
        organization=organization, preferred_language="es", full_name="Contact Person"
    )
    colleague = ApprovedMemberFactory(organization=organization)
    applicant = MemberProfileFactory(organization=organization, membership="pending")
    return organization, contact, colleague, applicant


def ask_to_join(profile, organization):
    return services.profile_update(
        profile=profile, actor=profile.user, data={"organization": organization}
    )


def test_picking_an_existing_organization_waits_for_its_people_who_are_emailed(
    client, org_with_people, member, mailbox, committed
):
    organization, contact, colleague, applicant = org_with_people
    with committed():
        profile = ask_to_join(member, organization)
    assert profile.organization is None and profile.requested_organization == organization
    assert "members.profile.join_requested" in actions(profile)
    # Not shown as one of its people anywhere yet.
    page = client.get(organization.get_absolute_url())
    assert member.full_name not in page.text
    assert "Established Org" not in client.get(member.get_absolute_url()).text
    # Its approved, confirmed people are told; the pending applicant is not.
    sent = Email.objects.filter(template="members/emails/join_requested")
    assert set(sent.values_list("to", "language")) == {
        (contact.user.email, "es"),
        (colleague.user.email, "en"),
    }
    assert "/es/members/reviews/" in sent.get(to=contact.user.email).text_body
    assert len(mailbox) == 2


def test_asking_again_does_not_email_its_people_again(org_with_people, member):
    organization = org_with_people[0]
    ask_to_join(member, organization)
    ask_to_join(member, None)
    ask_to_join(member, organization)
    assert Email.objects.filter(template="members/emails/join_requested").count() == 2


def test_a_confirmed_member_of_it_confirms_and_the_requester_is_told(
    client, org_with_people, member
):
    organization, contact, _colleague, _applicant = org_with_people
    previous = OrganizationFactory(name="Previous Org")
    MemberProfile.objects.filter(pk=member.pk).update(organization=previous)
    ask_to_join(MemberProfile.objects.get(pk=member.pk), organization)

    profile = reviews.join_confirm(profile=member, organization=organization, actor=contact.user)
    assert profile.organization == organization and profile.requested_organization is None
    entry = AuditEntry.objects.get(action="members.profile.join_confirmed")
    assert entry.actor == contact.user
    assert entry.data == {"organization": organization.pk, "previous_organization": previous.pk}
    email = Email.objects.get(template="members/emails/join_confirmed")
    assert email.to == member.user.email
    assert member.full_name in client.get(organization.get_absolute_url()).text


def test_declining_keeps_the_previous_organization_and_tells_the_requester(org_with_people, member):
    organization, contact, _colleague, _applicant = org_with_people
    previous = OrganizationFactory(name="Previous Org")
    MemberProfile.objects.filter(pk=member.pk).update(organization=previous)
    ask_to_join(MemberProfile.objects.get(pk=member.pk), organization)

    profile = reviews.join_decline(profile=member, organization=organization, actor=contact.user)
    assert profile.organization == previous and profile.requested_organization is None
    assert "members.profile.join_declined" in actions(profile)
    assert Email.objects.get(template="members/emails/join_declined").to == member.user.email


@pytest.mark.parametrize(
    "who",
    ["the requester", "a member of another organization", "its pending applicant", "anonymous"],
)
def test_only_its_confirmed_members_or_staff_may_decide_a_request(org_with_people, member, who):
    organization, _contact, _colleague, applicant = org_with_people
    ask_to_join(member, organization)
    actor = {
        "the requester": member.user,
        "a member of another organization": ApprovedMemberFactory(
            organization=OrganizationFactory()
        ).user,
        "its pending applicant": applicant.user,
        "anonymous": AnonymousUser(),
    }[who]
    for decide in (reviews.join_confirm, reviews.join_decline):
        with pytest.raises(reviews.ReviewNotAllowed):
            decide(profile=member, organization=organization, actor=actor)
    member.refresh_from_db()
    assert (member.organization, member.requested_organization) == (None, organization)
    assert not Email.objects.filter(template__startswith="members/emails/join_c").exists()


def test_staff_may_confirm_a_request_nobody_from_the_organization_can(member, staff):
    organization = OrganizationFactory(name="Empty Org")
    ask_to_join(member, organization)
    assert not Email.objects.filter(template="members/emails/join_requested").exists()
    assert MemberProfile.objects.join_requests_decidable_by(staff).get() == member
    reviews.join_confirm(profile=member, organization=organization, actor=staff)
    member.refresh_from_db()
    assert member.organization == organization


def test_a_request_changed_meanwhile_is_not_decided_by_mistake(org_with_people, member):
    organization, contact, _colleague, _applicant = org_with_people
    ask_to_join(member, organization)
    ask_to_join(member, OrganizationFactory(name="Other Org"))
    with pytest.raises(services.MembershipError, match="already been decided or withdrawn"):
        reviews.join_confirm(profile=member, organization=organization, actor=contact.user)
    with pytest.raises(services.MembershipError):
        reviews.join_decline(profile=member, organization=organization, actor=contact.user)
    member.refresh_from_db()
    assert member.organization is None and member.requested_organization.name == "Other Org"


def test_confirming_twice_is_refused(org_with_people, member):
    organization, contact, colleague, _applicant = org_with_people
    ask_to_join(member, organization)
    reviews.join_confirm(profile=member, organization=organization, actor=contact.user)
    with pytest.raises(services.MembershipError):
        reviews.join_confirm(profile=member, organization=organization, actor=colleague.user)
    assert Email.objects.filter(template="members/emails/join_confirmed").count() == 1


def test_leaving_needs_no_confirmation_and_picking_ones_own_withdraws_a_request(
    org_with_people,
):
    organization, contact, _colleague, _applicant = org_with_people
    other = OrganizationFactory(name="Other Org")
    profile = ask_to_join(contact, other)
    assert (profile.organization, profile.requested_organization) == (organization, other)
    profile = ask_to_join(contact, organization)
    assert (profile.organization, profile.requested_organization) == (organization, None)
    profile = ask_to_join(contact, None)
    assert (profile.organization, profile.requested_organization) == (None, None)


def test_the_creator_rejoins_their_own_organization_at_once(new_org, creator):
    ask_to_join(creator, None)
    profile = ask_to_join(MemberProfile.objects.get(pk=creator.pk), new_org)
    assert profile.organization == new_org and profile.requested_organization is None


def test_nobody_can_ask_to_join_someone_elses_pending_organization(new_org, member):
    with pytest.raises(services.MembershipError):
        ask_to_join(member, new_org)
    member.refresh_from_db()
    assert member.requested_organization is None

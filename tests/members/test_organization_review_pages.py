"""The pages where organizations and requests to join them are reviewed: the members' review
page (regional representatives and an organization's people are not staff) and the
organization admin (staff). Bad input gets a clear message, a 4xx and no change."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members import services
from members.models import MemberProfile, Organization
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory
from tests.factories.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

PENDING = Organization.ReviewStatus.PENDING
APPROVED = Organization.ReviewStatus.APPROVED
REJECTED = Organization.ReviewStatus.REJECTED


@pytest.fixture
def africa_rep():
    return ApprovedMemberFactory(
        full_name="Ama Rep", network_role="regional_rep", represented_region="africa"
    )


@pytest.fixture
def kenyan_org():
    return OrganizationFactory(name="Kenyan Pending Org", country="KE", is_approved=False)


@pytest.fixture
def chilean_org():
    return OrganizationFactory(name="Chilean Pending Org", country="CL", is_approved=False)


def approve_url(organization) -> str:
    return reverse("members:organization-approve", kwargs={"pk": organization.pk})


def reject_url(organization) -> str:
    return reverse("members:organization-reject", kwargs={"pk": organization.pk})


def join_url(profile, organization, decision: str) -> str:
    return reverse(
        f"members:join-request-{decision}",
        kwargs={"pk": profile.pk, "organization": organization.pk},
    )


def status_of(organization) -> str:
    return Organization.objects.get(pk=organization.pk).review_status


# --- The members' review page ---------------------------------------------------------


def test_a_regional_representative_sees_and_approves_their_regions_organizations(
    client, africa_rep, kenyan_org, chilean_org
):
    client.force_login(africa_rep.user)
    assertContains(client.get(reverse("members:profile-edit")), "1 request to review")
    page = client.get(reverse("members:reviews"))
    assertContains(page, "Kenyan Pending Org")
    assertNotContains(page, "Chilean Pending Org")
    assertContains(client.get(kenyan_org.get_absolute_url()), "Review it")

    response = client.post(approve_url(kenyan_org), follow=True)
    assertRedirects(response, reverse("members:reviews"))
    assertContains(response, "Kenyan Pending Org is approved")
    assert status_of(kenyan_org) == APPROVED
    assert AuditEntry.objects.get(action="members.organization.approved").actor == africa_rep.user


def test_a_rejection_from_the_page_needs_a_reason(client, africa_rep, kenyan_org):
    client.force_login(africa_rep.user)
    response = client.post(reject_url(kenyan_org), {"reason": "   "})
    assert response.status_code == 400
    assertContains(response, "Give a reason", status_code=400)
    assert status_of(kenyan_org) == PENDING

    response = client.post(reject_url(kenyan_org), {"reason": "Not about skills."})
    assertRedirects(response, reverse("members:reviews"))
    assert status_of(kenyan_org) == REJECTED


@pytest.mark.parametrize("who", ["plain member", "rep of another region", "registered non-member"])
def test_people_who_may_not_review_get_a_403_with_a_message_and_nothing_changes(
    client, kenyan_org, who, member, registered
):
    actor = {
        "plain member": member.user,
        "rep of another region": ApprovedMemberFactory(
            network_role="regional_rep", represented_region="americas"
        ).user,
        "registered non-member": registered.user,
    }[who]
    client.force_login(actor)
    assertNotContains(client.get(reverse("members:reviews")), "Kenyan Pending Org")
    for url, data in ((approve_url(kenyan_org), {}), (reject_url(kenyan_org), {"reason": "x"})):
        response = client.post(url, data)
        assertContains(response, "You may not review this organization.", status_code=403)
    assert status_of(kenyan_org) == PENDING
    assert not AuditEntry.objects.filter(action__startswith="members.organization.").exists()


def test_approving_twice_from_the_page_gives_a_400_and_a_message(client, africa_rep, kenyan_org):
    client.force_login(africa_rep.user)
    client.post(approve_url(kenyan_org))
    response = client.post(approve_url(kenyan_org))
    assertContains(response, "already been approved", status_code=400)
    assert AuditEntry.objects.filter(action="members.organization.approved").count() == 1


def test_forged_ids_give_a_404_with_a_message(client, africa_rep, member):
    client.force_login(africa_rep.user)
    response = client.post(reverse("members:organization-approve", kwargs={"pk": 999999}))
    assertContains(response, "does not exist", status_code=404)
    response = client.post(
        reverse("members:join-request-confirm", kwargs={"pk": 999999, "organization": 1})
    )
    assertContains(response, "does not exist", status_code=404)


def test_decisions_are_posts_by_signed_in_people_only(client, kenyan_org):
    response = client.post(approve_url(kenyan_org))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(ApprovedMemberFactory().user)
    assert client.get(approve_url(kenyan_org)).status_code == 405
    assert status_of(kenyan_org) == PENDING


def test_an_organizations_member_confirms_a_request_on_the_page(client, member):
    organization = OrganizationFactory(name="Team Org")
    contact = ApprovedMemberFactory(organization=organization)
    services.profile_update(profile=member, actor=member.user, data={"organization": organization})

    client.force_login(contact.user)
    page = client.get(reverse("members:reviews"))
    assertContains(page, f"{member.full_name} asks to join Team Org")
    response = client.post(join_url(member, organization, "confirm"))
    assertRedirects(response, reverse("members:reviews"))
    member.refresh_from_db()
    assert member.organization == organization
    assert Email.objects.filter(template="members/emails/join_confirmed").count() == 1


def test_someone_outside_the_organization_cannot_decide_its_requests_from_the_page(client, member):
    organization = OrganizationFactory(name="Team Org")
    ApprovedMemberFactory(organization=organization)
    services.profile_update(profile=member, actor=member.user, data={"organization": organization})
    outsider = ApprovedMemberFactory(organization=OrganizationFactory())

    client.force_login(outsider.user)
    assertNotContains(client.get(reverse("members:reviews")), member.full_name)
    for decision in ("confirm", "decline"):
        response = client.post(join_url(member, organization, decision))
        assertContains(response, "Only confirmed members", status_code=403)
    client.force_login(member.user)
    response = client.post(join_url(member, organization, "confirm"))
    assert response.status_code == 403
    member.refresh_from_db()
    assert (member.organization, member.requested_organization) == (None, organization)


def test_the_profile_page_says_a_request_is_waiting(client, member):
    organization = OrganizationFactory(name="Team Org")
    client.force_login(member.user)
    client.post(
        reverse("members:profile-edit"),
        {
            "full_name": member.full_name,
            "country": "KE",
            "organization": organization.pk,
            "preferred_language": "en",
            "time_zone": "UTC",
            "visibility": "public",
        },
    )
    member.refresh_from_db()
    assert member.requested_organization == organization
    page = client.get(reverse("members:profile-edit"))
    assertContains(page, "You asked to join Team Org")
    # The form keeps the request selected, so saving it again keeps the request.
    assert page.context["form"].initial["organization"] == organization.pk


# --- The organization admin (staff) -----------------------------------------------------


def post_action(client, action: str, organizations, **extra):
    return client.post(
        reverse("admin:members_organization_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in organizations], **extra},
    )


def test_the_admin_filters_pending_reviews_first(client, staff, kenyan_org):
    OrganizationFactory(name="Already Listed Org")
    login_with_mfa(client, staff)
    page = client.get(reverse("admin:members_organization_changelist"), {"review_status": PENDING})
    assertContains(page, "Kenyan Pending Org")
    assertNotContains(page, "Already Listed Org")
    assert page.context["cl"].filter_specs[0].title == "review"
    assertContains(page, "Pending review")


def test_the_admin_approves_with_the_action_and_reports_what_it_could_not(
    client, staff, kenyan_org, mailbox, committed
):
    creator = ApprovedMemberFactory()
    Organization.objects.filter(pk=kenyan_org.pk).update(created_by=creator.user)
    listed = OrganizationFactory(name="Already Listed Org")
    login_with_mfa(client, staff)
    with committed():
        response = post_action(client, "list_publicly", [kenyan_org, listed])
    assert response.status_code == 302
    assert status_of(kenyan_org) == APPROVED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 organization approved." in messages
    assert any(
        "Already Listed Org: This organization has already been approved." in m for m in messages
    )
    assert [m.to for m in mailbox] == [[creator.user.email]]


def test_the_admin_rejects_with_a_reason_asked_on_an_intermediate_page(client, staff, kenyan_org):
    login_with_mfa(client, staff)
    page = post_action(client, "reject", [kenyan_org])
    assertContains(page, "Reject and send the emails")
    assert status_of(kenyan_org) == PENDING
    post_action(client, "reject", [kenyan_org], reason="Duplicate of another organization.")
    kenyan_org.refresh_from_db()
    assert (kenyan_org.review_status, kenyan_org.review_note) == (
        REJECTED,
        "Duplicate of another organization.",
    )


def test_organizations_staff_add_in_the_admin_are_approved_and_the_review_is_read_only(
    client, staff, kenyan_org
):
    login_with_mfa(client, staff)
    form = {"name": "Admin Org", "slug": "admin-org", "type": "ngo", "country": "FR"}
    response = client.post(reverse("admin:members_organization_add"), form)
    assert response.status_code == 302
    organization = Organization.objects.get(slug="admin-org")
    assert organization.review_status == APPROVED and organization.reviewed_by == staff

    change = reverse("admin:members_organization_change", args=[kenyan_org.pk])
    form = {"name": kenyan_org.name, "slug": kenyan_org.slug, "type": "ngo", "country": "KE"}
    client.post(change, {**form, "review_status": APPROVED})
    assert status_of(kenyan_org) == PENDING


# --- Demo data --------------------------------------------------------------------------


def test_the_demo_keeps_its_organizations_public_with_a_few_things_to_review():
    for _ in range(2):
        call_command("seed_demo", "--force", stdout=io.StringIO())
    assert Organization.objects.listed().count() >= 30
    assert Organization.objects.pending_review().exists()
    grace = MemberProfile.objects.get(user__email="member@example.org")
    request = MemberProfile.objects.get(requested_organization__isnull=False)
    assert request.requested_organization == grace.organization
    assert MemberProfile.objects.join_requests_decidable_by(grace.user).get() == request


def test_a_rejected_organization_shows_its_creator_why_and_stays_hidden_from_others(
    client, africa_rep, kenyan_org
):
    creator = ApprovedMemberFactory()
    Organization.objects.filter(pk=kenyan_org.pk).update(created_by=creator.user)
    client.force_login(africa_rep.user)
    client.post(reject_url(kenyan_org), {"reason": "Please add a website."})
    assert client.get(kenyan_org.get_absolute_url()).status_code == 404

    client.force_login(creator.user)
    page = client.get(kenyan_org.get_absolute_url())
    assertContains(page, "Not approved")
    assertContains(page, "Please add a website.")

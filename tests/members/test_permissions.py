"""Who may open which members page: anonymous visitors, registered people who are not
members, approved members and ILO staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import MemberProfile
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "registered", "member", "staff"]


@pytest.fixture
def viewer(request, registered, member, staff):
    return {
        "anonymous": None,
        "registered": registered.user,
        "member": member.user,
        "staff": staff,
    }[request.param]


@pytest.fixture
def targets():
    waiting = OrganizationFactory(name="Waiting Org", is_approved=False)
    return {
        "public": ApprovedMemberFactory(visibility=MemberProfile.Visibility.PUBLIC),
        "members": ApprovedMemberFactory(visibility=MemberProfile.Visibility.MEMBERS),
        "hidden": ApprovedMemberFactory(visibility=MemberProfile.Visibility.HIDDEN),
        "pending": MemberProfileFactory(
            membership="pending", visibility=MemberProfile.Visibility.PUBLIC
        ),
        "listed_org": OrganizationFactory(name="Listed Org", is_approved=True),
        "waiting_org": waiting,
    }


LOGIN_PAGES = ["members:profile-edit", "members:organization-edit", "members:apply"]

PROFILE_STATUS = {
    # target visibility: {viewer: status}
    "public": {"anonymous": 200, "registered": 200, "member": 200, "staff": 200},
    "members": {"anonymous": 404, "registered": 404, "member": 200, "staff": 200},
    "hidden": {"anonymous": 404, "registered": 404, "member": 404, "staff": 404},
    "pending": {"anonymous": 404, "registered": 404, "member": 404, "staff": 404},
}
ORG_STATUS = {
    "listed_org": {"anonymous": 200, "registered": 200, "member": 200, "staff": 200},
    "waiting_org": {"anonymous": 404, "registered": 404, "member": 404, "staff": 200},
}


@pytest.mark.parametrize("viewer", ROLES, indirect=True)
@pytest.mark.parametrize("name", ["members:directory", "members:organizations"])
def test_public_pages_open_to_everyone(client_as, viewer, name):
    assert client_as(viewer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LOGIN_PAGES)
def test_own_pages_send_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("viewer", ["registered", "member", "staff"], indirect=True)
@pytest.mark.parametrize("name", LOGIN_PAGES)
def test_own_pages_open_to_anyone_signed_in(client_as, viewer, name):
    assert client_as(viewer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("viewer", ROLES, indirect=True)
@pytest.mark.parametrize("target", list(PROFILE_STATUS))
def test_profile_pages_follow_visibility(client_as, viewer, target, targets, request):
    role = request.node.callspec.params["viewer"]
    response = client_as(viewer).get(targets[target].get_absolute_url())
    assert response.status_code == PROFILE_STATUS[target][role]


@pytest.mark.parametrize("viewer", ROLES, indirect=True)
@pytest.mark.parametrize("target", list(ORG_STATUS))
def test_organization_pages_follow_approval(client_as, viewer, target, targets, request):
    role = request.node.callspec.params["viewer"]
    response = client_as(viewer).get(targets[target].get_absolute_url())
    assert response.status_code == ORG_STATUS[target][role]


@pytest.mark.parametrize("viewer", ROLES, indirect=True)
def test_contact_details_only_for_members_and_staff(client_as, viewer, targets, request):
    role = request.node.callspec.params["viewer"]
    profile = targets["public"]
    response = client_as(viewer).get(profile.get_absolute_url())
    shown = f"mailto:{profile.user.email}" in response.content.decode()
    assert shown == (role in {"member", "staff"})


def test_an_unknown_profile_is_a_404(client):
    assert client.get(reverse("members:member-detail", kwargs={"pk": 987654})).status_code == 404
    assert (
        client.get(
            reverse("members:organization-detail", kwargs={"slug": "no-such-org"})
        ).status_code
        == 404
    )


def test_nobody_edits_someone_elses_profile_through_the_page(client, member, registered):
    # The page only ever edits the signed-in person's own profile.
    client.force_login(member.user)
    client.post(reverse("members:profile-edit"), {"full_name": "Changed", "country": "FR"})
    registered.refresh_from_db()
    assert registered.full_name == "Rita Registered"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/members/membershipapplication/",
        "/admin/members/memberprofile/",
        "/admin/members/organization/",
        "/admin/taxonomy/skillcategory/",
        "/admin/taxonomy/expertise/",
        "/admin/taxonomy/language/",
        "/admin/members/user/",
        "/admin/audit/auditentry/",
    ],
)
def test_ilo_staff_can_use_the_curation_admin_and_members_cannot(client, staff, member, path, login_with_mfa):
    login_with_mfa(client, staff)
    assert client.get(path).status_code == 200
    client.force_login(member.user)
    assert client.get(path).status_code == 302  # to the admin login

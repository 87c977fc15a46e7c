from __future__ import annotations

import pytest

from members.models import MemberProfile
from members.selectors import (
    application_latest,
    can_see_contact_details,
    home_page_context,
    member_get,
    member_list,
    organization_get,
    organization_list,
    organization_people,
)
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

V = MemberProfile.Visibility


@pytest.fixture
def profiles():
    return {
        "public": ApprovedMemberFactory(full_name="Public Person", visibility=V.PUBLIC),
        "members": ApprovedMemberFactory(full_name="Members Only", visibility=V.MEMBERS),
        "hidden": ApprovedMemberFactory(full_name="Hidden Person", visibility=V.HIDDEN),
        "pending": MemberProfileFactory(
            full_name="Pending Person", membership="pending", visibility=V.PUBLIC
        ),
    }


def listed(user) -> set[str]:
    return {p.full_name for p in member_list(user=user)}


def test_anonymous_visitors_see_public_approved_profiles_only(profiles):
    assert listed(None) == {"Public Person"}


def test_registered_people_who_are_not_members_see_public_approved_profiles(profiles, registered):
    # Their own profile is not approved, so it is not in the directory yet.
    assert listed(registered.user) == {"Public Person"}


def test_members_also_see_members_only_profiles_but_never_hidden_ones(profiles, member):
    assert listed(member.user) == {"Public Person", "Members Only", "Amina Member"}


def test_staff_see_members_only_profiles(profiles, staff):
    assert "Members Only" in listed(staff)


def test_a_hidden_member_still_finds_themselves(profiles):
    assert "Hidden Person" in listed(profiles["hidden"].user)


def test_member_get_returns_none_for_what_the_user_may_not_see(profiles, member):
    assert member_get(user=None, pk=profiles["public"].pk) == profiles["public"]
    assert member_get(user=None, pk=profiles["members"].pk) is None
    assert member_get(user=member.user, pk=profiles["members"].pk) == profiles["members"]
    assert member_get(user=member.user, pk=profiles["hidden"].pk) is None
    assert member_get(user=member.user, pk=profiles["pending"].pk) is None
    assert member_get(user=None, pk=999999) is None


def test_contact_details_are_for_members_and_staff(member, registered, staff):
    from django.contrib.auth.models import AnonymousUser

    assert can_see_contact_details(member.user)
    assert can_see_contact_details(staff)
    assert not can_see_contact_details(registered.user)
    assert not can_see_contact_details(AnonymousUser())


def test_organization_list_shows_approved_organizations_only():
    OrganizationFactory(name="Listed", is_approved=True)
    OrganizationFactory(name="Unlisted", is_approved=False)
    assert [o.name for o in organization_list()] == ["Listed"]
    assert [o.name for o in organization_list(filters={"q": "list"})] == ["Listed"]


def test_an_unapproved_organization_is_visible_to_its_people_and_creator_only(registered, member):
    creator = UserFactory()
    organization = OrganizationFactory(is_approved=False, created_by=creator)
    registered.organization = organization
    registered.save()
    assert organization_get(user=None, slug=organization.slug) is None
    assert organization_get(user=member.user, slug=organization.slug) is None
    assert organization_get(user=registered.user, slug=organization.slug) == organization
    assert organization_get(user=creator, slug=organization.slug) == organization


def test_organization_people_respects_profile_visibility(member):
    organization = OrganizationFactory()
    ApprovedMemberFactory(full_name="Open", organization=organization, visibility=V.PUBLIC)
    ApprovedMemberFactory(full_name="Shy", organization=organization, visibility=V.MEMBERS)
    assert [p.full_name for p in organization_people(organization=organization, user=None)] == [
        "Open"
    ]
    assert [
        p.full_name for p in organization_people(organization=organization, user=member.user)
    ] == [
        "Open",
        "Shy",
    ]


def test_application_latest_returns_the_newest(registered):
    assert application_latest(profile=registered) is None
    application = MembershipApplicationFactory(profile=registered)
    assert application_latest(profile=registered) == application


def test_home_page_context_counts_the_network(registered):
    organization = OrganizationFactory(country="BR", logo="logos/x.png")
    ApprovedMemberFactory(country="KE", organization=organization)
    ApprovedMemberFactory(country="SN", visibility=V.HIDDEN)
    OrganizationFactory(is_approved=False, country="FR")
    context = home_page_context(user=registered.user)
    assert context["member_count"] == 2
    assert context["organization_count"] == 1
    assert context["country_count"] == 3  # KE, SN and the organization's BR
    assert context["region_count"] == 2
    assert context["recent_organizations"] == [organization]
    assert context["viewer_profile"] == registered
    assert len(context["categories"]) == 9


def test_home_page_context_for_anonymous_visitors_has_no_viewer_profile(db):
    from django.contrib.auth.models import AnonymousUser

    assert home_page_context(user=AnonymousUser())["viewer_profile"] is None

"""The region pages: representatives (approved, of that region, visible to the viewer),
ILO offices and focal points, members by country, advisors; public data for anonymous
visitors; a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.help.models import HelpOffer, IloContact, IloOffice, TechnicalAdvisor
from members.models import MemberProfile
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
AFRICA = reverse("regions:detail", kwargs={"region": "africa"})
REP = MemberProfile.NetworkRole.REGIONAL_REP


def representative(name, region="africa", **fields):
    return ApprovedMemberFactory(
        full_name=name, network_role=REP, represented_region=region, **fields
    )


def test_the_regions_list_names_the_five_regions_publicly(client):
    OrganizationFactory(country="KE")
    page = client.get(reverse("regions:list"))
    assert page.status_code == 200
    content = page.content.decode()
    for region in ("africa", "americas", "arab-states", "asia-pacific", "europe-central-asia"):
        assert reverse("regions:detail", kwargs={"region": region}) in content
    assert "1 member organization" in content


def test_an_unknown_region_is_not_found(client):
    assert client.get("/members/regions/atlantis/").status_code == 404


def test_a_representative_appears_only_when_approved_and_on_their_own_region(client, seeker):
    representative("Ada Africa")
    representative("Amaru Americas", region="americas", country="PE")
    MemberProfileFactory(
        full_name="Pending Pat",
        network_role=REP,
        represented_region="africa",
        membership=MemberProfile.Membership.PENDING,
    )
    ApprovedMemberFactory(full_name="Plain Member")  # in Kenya, not a representative
    client.force_login(seeker.user)
    page = client.get(AFRICA).content.decode()
    assert "Ada Africa" in page
    assert "Amaru Americas" not in page
    assert "Pending Pat" not in page
    assert page.count("data-representative") == 1
    americas = client.get(reverse("regions:detail", kwargs={"region": "americas"})).content
    assert "Amaru Americas" in americas.decode()


def test_anonymous_visitors_see_only_public_representatives_and_no_contact(client):
    representative("Public Rep", visibility=MemberProfile.Visibility.PUBLIC)
    representative("Members Rep", visibility=MemberProfile.Visibility.MEMBERS)
    page = client.get(AFRICA).content.decode()
    assert "Public Rep" in page
    assert "Members Rep" not in page
    assert "/members/help/write/" not in page


def test_members_see_members_only_representatives_with_a_contact_button_but_no_address(
    client, seeker
):
    rep = representative(
        "Members Rep", visibility=MemberProfile.Visibility.MEMBERS, user__email="rep@example.org"
    )
    client.force_login(seeker.user)
    page = client.get(AFRICA).content.decode()
    assert "Members Rep" in page
    assert reverse("findhelp:contact", kwargs={"kind": "member", "pk": rep.pk}) in page
    assert "rep@example.org" not in page


def test_a_representative_who_opted_out_gets_no_contact_button(client, seeker):
    rep = representative("Quiet Rep")
    HelpOffer.objects.create(profile=rep, accepts_contact=False)
    client.force_login(seeker.user)
    page = client.get(AFRICA).content.decode()
    assert "Quiet Rep" in page
    assert reverse("findhelp:contact", kwargs={"kind": "member", "pk": rep.pk}) not in page


def test_offices_are_public_and_focal_points_and_advisors_are_for_members(
    client, seeker, office, ilo_contact, advisor
):
    IloOffice.objects.create(
        name="ILO Office for Brazil", countries=["BR"], region="americas", email="b@ilo.example.org"
    )
    anonymous = client.get(AFRICA).content.decode()
    assert office.name in anonymous
    assert "ILO Office for Brazil" not in anonymous
    assert "Joseph Focal" not in anonymous
    assert "Claire Advisor" not in anonymous
    assert "@ilo.example.org" not in anonymous

    client.force_login(seeker.user)
    member = client.get(AFRICA).content.decode()
    assert "Joseph Focal" in member
    assert "Claire Advisor" in member  # covers Kenya
    assert reverse("findhelp:contact", kwargs={"kind": "contact", "pk": ilo_contact.pk}) in member
    assert "@ilo.example.org" not in member and "@advisors.example.org" not in member


def test_unlisted_offices_contacts_and_advisors_are_left_out(
    client, seeker, office, ilo_contact, advisor
):
    IloContact.objects.filter(pk=ilo_contact.pk).update(is_active=False)
    TechnicalAdvisor.objects.filter(pk=advisor.pk).update(accepts_contact=False)
    client.force_login(seeker.user)
    page = client.get(AFRICA).content.decode()
    assert "Joseph Focal" not in page and "Claire Advisor" not in page
    IloOffice.objects.filter(pk=office.pk).update(is_active=False)
    assert office.name not in client.get(AFRICA).content.decode()


def test_members_by_country_count_approved_organizations_and_link_to_the_directory(client):
    OrganizationFactory(country="KE")
    OrganizationFactory(country="KE")
    OrganizationFactory(country="SN")
    OrganizationFactory(country="KE", is_approved=False)
    OrganizationFactory(country="BR")
    ApprovedMemberFactory(country="SN", visibility=MemberProfile.Visibility.PUBLIC)
    ApprovedMemberFactory(country="SN", visibility=MemberProfile.Visibility.MEMBERS)
    page = client.get(AFRICA).content.decode()
    assert reverse("members:directory") + "?country=KE" in page
    assert reverse("members:directory") + "?country=BR" not in page
    ke = page[page.index('data-country="KE"') :].split("</tr>")[0]
    sn = page[page.index('data-country="SN"') :].split("</tr>")[0]
    assert '<td class="table__num">2</td>' in ke
    assert '<td class="table__num">1</td><td class="table__num">1</td>' in sn  # one public member


def test_the_region_page_links_to_its_open_funding_calls(client):
    page = client.get(AFRICA).content.decode()
    assert reverse("funds:call-list") + "?region=africa&amp;status=open" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _populate(n: int, start: int) -> None:
    for i in range(start, start + n):
        representative(f"Rep {i}", organization=OrganizationFactory(country="GH"))
        office = IloOffice.objects.create(
            name=f"Office {i}", countries=["GH"], email=f"o{i}@ilo.example.org"
        )
        IloContact.objects.create(office=office, name=f"Focal {i}", email=f"f{i}@ilo.example.org")
        TechnicalAdvisor.objects.create(
            name=f"Advisor {i}", region="africa", email=f"a{i}@advisors.example.org"
        )
        ApprovedMemberFactory(country=["NG", "SN", "KE", "GH"][i % 4])


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_region_page_query_count_does_not_grow_with_rows(
    client, seeker, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(seeker.user)
    _populate(2, 0)
    few = _queries(client, AFRICA)
    _populate(12, 2)
    with django_assert_max_num_queries(few):
        response = client.get(AFRICA)
    assert response.content.decode().count("data-representative") == 14


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_region_pages_are_translated(client, language):
    page = client.get(f"/{language}/members/regions/africa/").content.decode()
    assert "Regional representatives of the network" not in page
    assert client.get(f"/{language}/members/regions/").status_code == 200


def test_the_directory_and_the_map_link_to_the_regions(client):
    assert reverse("regions:list") in client.get(reverse("members:directory")).content.decode()
    staff_map = client.get(reverse("network:map"))
    assert staff_map.status_code in (200, 302)
    if staff_map.status_code == 200:
        assert reverse("regions:list") in staff_map.content.decode()


def test_a_signed_in_non_member_sees_the_public_parts_only(client, office, ilo_contact):
    client.force_login(UserFactory(email="visitor@example.org"))
    page = client.get(AFRICA).content.decode()
    assert office.name in page and "Joseph Focal" not in page

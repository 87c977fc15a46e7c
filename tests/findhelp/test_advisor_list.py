"""Members browse the technical advisors: filtered, paginated, members only, no addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.help.models import TechnicalAdvisor
from tests.factories.members import (
    ExpertiseFactory,
    LanguageFactory,
    MemberProfileFactory,
    SkillCategoryFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("findhelp:advisors")


@pytest.fixture
def member_client(client, seeker):
    client.force_login(seeker.user)
    return client


def make_advisors(n: int, **fields):
    category = SkillCategoryFactory(slug="green-skills", name_en="Green skills")
    expertise = ExpertiseFactory(slug="budgeting", name_en="Budgeting")
    language = LanguageFactory(code="es", name_en="Spanish")
    made = []
    for i in range(n):
        advisor = TechnicalAdvisor.objects.create(
            name=f"Advisor {i:03d}", email=f"a{i}@advisors.example.org", **fields
        )
        advisor.categories.set([category])
        advisor.languages.set([language])
        advisor.expertise.set([expertise])
        made.append(advisor)
    return made


def test_members_see_listed_advisors_but_never_their_addresses(member_client, advisor):
    TechnicalAdvisor.objects.create(
        name="Quiet One", email="q@x.example.org", accepts_contact=False
    )
    TechnicalAdvisor.objects.create(name="Gone One", email="g@x.example.org", is_active=False)
    page = member_client.get(URL).content.decode()
    assert "Claire Advisor" in page
    assert "Quiet One" not in page and "Gone One" not in page
    assert "@advisors.example.org" not in page


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_advisors_are_for_members_only(client, who, advisor):
    if who == "applicant":
        client.force_login(MemberProfileFactory().user)
    response = client.get(URL)
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert "Claire Advisor" not in response.content.decode()
    detail = client.get(reverse("findhelp:advisor-detail", kwargs={"pk": advisor.pk}))
    assert detail.status_code in (302, 403)


@pytest.mark.parametrize(
    "params,found",
    [
        ({"category": "rpl-certification"}, True),
        ({"category": "green-skills"}, False),
        ({"language": "fr"}, True),
        ({"language": "es"}, False),
        ({"region": "africa"}, True),  # covers Kenya
        ({"region": "americas"}, False),
        ({"kind": "proposal_writing"}, True),
        ({"kind": "budgeting"}, False),
    ],
)
def test_advisors_filter_by_category_language_region_and_kind(
    member_client, advisor, params, found
):
    make_advisors(1, region="americas")
    page = member_client.get(URL, params).content.decode()
    assert ("Claire Advisor" in page) is found


def test_the_region_filter_takes_the_advisors_region_and_countries(member_client, advisor):
    by_region = TechnicalAdvisor.objects.create(
        name="Regional Rita", email="r@x.example.org", region="africa"
    )
    page = member_client.get(URL, {"region": "africa"}).content.decode()
    assert "Claire Advisor" in page and by_region.name in page


@pytest.mark.parametrize(
    "params",
    [{"category": "nope"}, {"language": "xx"}, {"region": "mars"}, {"kind": "magic"}],
)
def test_an_unknown_filter_value_is_a_400_with_its_message(member_client, advisor, params):
    response = member_client.get(URL, params)
    assert response.status_code == 400
    assert "There is no" in response.content.decode()


def test_the_advisor_page_offers_to_ask_for_them_and_to_write(member_client, advisor):
    page = member_client.get(reverse("findhelp:advisor-detail", kwargs={"pk": advisor.pk}))
    content = page.content.decode()
    assert page.status_code == 200
    assert reverse("requests:advisor-ask", kwargs={"advisor_pk": advisor.pk}) in content
    assert "claire@advisors.example.org" not in content


def test_an_unlisted_advisors_page_is_not_found(member_client, advisor):
    TechnicalAdvisor.objects.filter(pk=advisor.pk).update(accepts_contact=False)
    assert (
        member_client.get(reverse("findhelp:advisor-detail", kwargs={"pk": advisor.pk})).status_code
        == 404
    )


def test_the_advisor_list_query_count_does_not_grow_with_advisors(
    member_client, django_assert_max_num_queries
):
    make_advisors(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert member_client.get(URL, {"language": "es"}).status_code == 200
    make_advisors(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get(URL, {"language": "es"})
    assert response.status_code == 200
    assert (
        "Advisor 019" in response.content.decode()
        or "23 advisors found" in response.content.decode()
    )


def test_staff_also_browse_advisors(client, login_with_mfa, advisor):
    from tests.factories.members import StaffUserFactory

    login_with_mfa(client, StaffUserFactory(email="s@ilo.example.org"))
    assert client.get(URL).status_code == 200


def test_the_find_help_page_links_to_the_advisors_and_the_regions(member_client):
    page = member_client.get(reverse("findhelp:find-help")).content.decode()
    assert URL in page
    assert reverse("regions:list") in page


def test_members_see_each_advisors_type_and_availability_and_can_keep_only_those_taking_requests(
    member_client,
):
    away, busy, free = make_advisors(3)
    TechnicalAdvisor.objects.filter(pk=away.pk).update(
        availability=TechnicalAdvisor.Availability.UNAVAILABLE,
        available_again_on="2027-01-15",
        affiliation=TechnicalAdvisor.Affiliation.VOLUNTEER,
    )
    TechnicalAdvisor.objects.filter(pk=busy.pk).update(availability=TechnicalAdvisor.Availability.LIMITED)

    everyone = member_client.get(URL).content.decode()
    taking = member_client.get(URL, {"available": "on"}).content.decode()
    volunteers = member_client.get(URL, {"affiliation": "volunteer"}).content.decode()

    assert "Not taking new requests (again from 15 January 2027)" in everyone
    assert "Limited availability" in everyone and "Volunteer advisor" in everyone
    assert away.name not in taking and busy.name in taking and free.name in taking
    assert away.name in volunteers and free.name not in volunteers


def test_an_advisor_taking_no_new_requests_has_no_ask_button_on_their_page(member_client):
    (away,) = make_advisors(1)
    TechnicalAdvisor.objects.filter(pk=away.pk).update(availability=TechnicalAdvisor.Availability.UNAVAILABLE)

    page = member_client.get(reverse("findhelp:advisor-detail", kwargs={"pk": away.pk})).content.decode()

    assert "Not taking new requests" in page
    assert "Ask for this advisor on my request" not in page


def test_an_unknown_advisor_type_is_a_400_with_a_message(member_client):
    response = member_client.get(URL, {"affiliation": "wizard"})

    assert response.status_code == 400
    assert "There is no advisor type “wizard”." in response.content.decode()

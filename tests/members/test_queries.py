"""Query budgets: the lists' query counts do not grow with the rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taxonomy.models import Expertise, Language, SkillCategory
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def make_members(n: int) -> None:
    categories = list(SkillCategory.objects.all()[:3])
    expertise = list(Expertise.objects.all()[:2])
    languages = list(Language.objects.all()[:2])
    for _ in range(n):
        ApprovedMemberFactory(
            organization=OrganizationFactory(logo="logos/x.png"),
            categories=categories,
            expertise=expertise,
            languages=languages,
            photo="photos/p.jpg",
        )


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_directory_query_count_does_not_grow_with_members_shown(
    client, member, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member.user)
    make_members(4)  # 5 with `member`
    with_five = count_queries(client, reverse("members:directory"))
    make_members(35)  # 40
    with django_assert_max_num_queries(with_five):
        response = client.get(reverse("members:directory"))
    assert len(response.context["page_obj"].object_list) == 24
    # And a small absolute budget, so that a regression shows even at five members.
    assert with_five <= 10, with_five


def test_filtered_directory_pages_keep_the_same_budget(
    client, member, django_assert_max_num_queries
):
    make_members(5)
    baseline = count_queries(
        client, reverse("members:directory"), {"category": "work-based-learning"}
    )
    make_members(30)
    with django_assert_max_num_queries(baseline):
        client.get(
            reverse("members:directory"),
            {"category": "work-based-learning", "q": "Person", "region": "africa"},
        )


def test_the_organizations_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        OrganizationFactory(logo="logos/x.png")
    baseline = count_queries(client, reverse("members:organizations"))
    for _ in range(30):
        OrganizationFactory(logo="logos/x.png")
    with django_assert_max_num_queries(baseline):
        client.get(reverse("members:organizations"))


def test_an_organization_page_query_count_does_not_grow_with_its_people(
    client, django_assert_max_num_queries
):
    organization = OrganizationFactory()
    ApprovedMemberFactory(organization=organization)
    baseline = count_queries(client, organization.get_absolute_url())
    for _ in range(10):
        ApprovedMemberFactory(
            organization=organization, categories=list(SkillCategory.objects.all()[:2])
        )
    with django_assert_max_num_queries(baseline):
        client.get(organization.get_absolute_url())

"""The member's pages: "My recognition" with downloads and consent, the member kit for
approved members only, and the public page of member organizations (constant queries)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from badges.models import BadgeAward
from tests.factories.badges import letter, top_innovator
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    OrganizationFactory,
    SkillCategoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RECOGNITION = reverse("badges:my-recognition")


def test_my_recognition_lists_badges_and_letters_with_downloads(client, staff, member):
    award = top_innovator(member.user, staff)
    document = letter(member.user, staff)
    client.force_login(member.user)
    response = client.get(RECOGNITION)
    assertContains(response, "ILO Top Innovator")
    assertContains(response, "Letter of introduction")
    image = client.get(reverse("badges:award-image", kwargs={"uuid": award.uuid}))
    assert image["Content-Type"] == "image/png" and "attachment" in image["Content-Disposition"]
    assert b"".join(image.streaming_content) == award.baked_image.open("rb").read()
    pdf = client.get(reverse("badges:document-file", kwargs={"uuid": document.uuid}))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_nobody_else_downloads_a_members_files(client, staff, member):
    award = top_innovator(member.user, staff)
    document = letter(member.user, staff)
    client.force_login(ApprovedMemberFactory().user)
    assert client.get(reverse("badges:award-image", kwargs={"uuid": award.uuid})).status_code == 404
    assert client.get(reverse("badges:document-file", kwargs={"uuid": document.uuid})).status_code == 404
    client.logout()
    response = client.get(reverse("badges:document-file", kwargs={"uuid": document.uuid}))
    assert response.status_code == 302  # to sign in


def test_the_holder_makes_a_badge_public_from_their_page(client, staff, member):
    award = top_innovator(member.user, staff)
    client.force_login(member.user)
    url = reverse("badges:award-visibility", kwargs={"uuid": award.uuid})
    assertRedirects(client.post(url, {"public": "1"}), RECOGNITION)
    assert BadgeAward.objects.get().is_public
    client.force_login(ApprovedMemberFactory().user)
    assert client.post(url, {"public": "0"}).status_code == 404
    assert BadgeAward.objects.get().is_public


def test_the_member_kit_is_for_approved_members_only(client, member):
    kit = reverse("badges:member-kit")
    svg = reverse("badges:member-kit-file", kwargs={"name": "member-mark.svg"})
    client.force_login(MemberProfileFactory(membership="pending").user)
    assert client.get(kit).status_code == 403
    assert client.get(svg).status_code == 403
    client.force_login(member.user)
    assertContains(client.get(kit), "How to use it")
    response = client.get(svg)
    assert response["Content-Type"] == "image/svg+xml" and "attachment" in response["Content-Disposition"]
    png = client.get(reverse("badges:member-kit-file", kwargs={"name": "member-mark.png"}))
    assert b"".join(png.streaming_content).startswith(b"\x89PNG")
    assert client.get(reverse("badges:member-kit-file", kwargs={"name": "apps.py"})).status_code == 404


def _member_organization(name: str, country: str, category=None):
    organization = OrganizationFactory(name=name, country=country, website=f"https://{name.lower()}.example.org")
    profile = ApprovedMemberFactory(organization=organization)
    if category:
        profile.categories.add(category)
    return organization


def test_the_network_members_page_filters_by_region_and_category(client):
    rpl = SkillCategoryFactory(slug="rpl")
    _member_organization("Nairobi", "KE", rpl)
    _member_organization("Lima", "PE")
    OrganizationFactory(name="Nobody")  # approved, but no approved member in it
    url = reverse("badges:network-members")
    response = client.get(url)
    assertContains(response, "Nairobi")
    assertContains(response, "https://lima.example.org")
    assert "Nobody" not in response.content.decode()
    assert [o.name for o in client.get(url, {"region": "africa"}).context["page_obj"]] == ["Nairobi"]
    assert [o.name for o in client.get(url, {"category": "rpl"}).context["page_obj"]] == ["Nairobi"]
    invalid = client.get(url, {"region": "atlantis"})
    assert invalid.status_code == 200 and not invalid.context["page_obj"].object_list


def test_the_network_members_page_has_a_constant_query_count(client, django_assert_max_num_queries):
    for i in range(3):
        _member_organization(f"Org{i}", "KE")
    url = reverse("badges:network-members")
    client.get(url)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    for i in range(3, 20):
        _member_organization(f"Org{i}", "FR")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 20


def test_my_recognition_has_a_constant_query_count(client, staff, member, django_assert_max_num_queries):
    top_innovator(member.user, staff)
    letter(member.user, staff)
    client.force_login(member.user)
    client.get(RECOGNITION)
    with django_assert_max_num_queries(12) as few:
        client.get(RECOGNITION)
    for _ in range(5):
        top_innovator(member.user, staff)
        letter(member.user, staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(RECOGNITION)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(RECOGNITION).status_code == 302
    assert UserFactory()  # nothing else changes

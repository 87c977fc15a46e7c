"""The owner's "Add to LinkedIn profile" link carries the certification's fields
(1-based months, the verification page as credential URL); nothing calls LinkedIn."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from badges.linkedin import add_to_profile_url, share_url
from tests.factories.badges import top_innovator

pytestmark = pytest.mark.django_db


def test_add_to_profile_url_has_every_field_with_one_based_months():
    url = add_to_profile_url(
        name="ILO Top Innovator",
        organization="Skills Innovation Network",
        issued_at=datetime(2026, 1, 15, tzinfo=UTC),
        expires_at=datetime(2027, 12, 31, tzinfo=UTC),
        credential_id="K7QX-3M9P-2AHD",
        credential_url="https://portal.example.org/verify/K7QX3M9P2AHD/",
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "ILO Top Innovator",
        "organizationName": "Skills Innovation Network",
        "issueYear": "2026",
        "issueMonth": "1",
        "expirationYear": "2027",
        "expirationMonth": "12",
        "certUrl": "https://portal.example.org/verify/K7QX3M9P2AHD/",
        "certId": "K7QX-3M9P-2AHD",
    }


def test_share_url_points_to_the_page():
    assert share_url("https://p.example.org/verify/X/") == (
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fp.example.org%2Fverify%2FX%2F"
    )


def test_the_owner_sees_the_linkedin_link_to_their_verification_page(client, staff, member):
    award = top_innovator(member.user, staff)
    client.force_login(member.user)
    response = client.get(reverse("badges:my-recognition"))
    row = response.context["awards"][0]
    query = parse_qs(urlsplit(row["linkedin_add"]).query)
    assert query["certUrl"] == [f"http://testserver{award.get_verify_url()}"]
    assert query["issueMonth"] == [str(award.issued_at.month)]
    assertContains(response, "Add to LinkedIn profile")

"""Open Badges 2.0 hosted verification: the JSON-LD of issuer, badge class and assertion
has what the specification requires, the recipient is a salted hash, and a revoked
assertion answers 410 with the revocation stub."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from badges.openbadges import CONTEXT, recipient_hash
from badges.services import award_revoke
from tests.factories.badges import top_innovator

pytestmark = pytest.mark.django_db

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")


def _get(client, url: str, status: int = 200) -> dict:
    path = url.removeprefix(settings.SITE_URL)
    response = client.get(path)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def _is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def check_issuer(data: dict) -> None:
    """Open Badges 2.0 Profile (Issuer): required id, type, name, url, email."""
    assert data["@context"] == CONTEXT and data["type"] == "Issuer"
    assert _is_url(data["id"]) and _is_url(data["url"])
    assert data["name"] and "@" in data["email"]


def check_badge_class(data: dict) -> None:
    """BadgeClass: required id, type, name, description, image, criteria, issuer."""
    assert data["@context"] == CONTEXT and data["type"] == "BadgeClass"
    assert _is_url(data["id"]) and _is_url(data["image"]) and _is_url(data["issuer"])
    assert data["name"] and data["description"]
    assert data["criteria"].get("narrative") or _is_url(data["criteria"].get("id"))


def check_assertion(data: dict) -> None:
    """Assertion: required id, type, recipient (IdentityObject), badge, verification,
    issuedOn; dates ISO 8601 with a time zone."""
    assert data["@context"] == CONTEXT and data["type"] == "Assertion"
    assert _is_url(data["id"]) and _is_url(data["badge"])
    recipient = data["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert recipient["identity"].startswith("sha256$") and recipient["salt"]
    assert data["verification"]["type"] == "hosted"
    assert ISO.match(data["issuedOn"])
    if "expires" in data:
        assert ISO.match(data["expires"])
        assert datetime.fromisoformat(data["expires"]) > datetime.fromisoformat(data["issuedOn"])


def test_assertion_badge_class_and_issuer_are_complete_linked_json_ld(client, staff, member):
    award = top_innovator(member.user, staff)
    assertion = _get(client, award.get_json_url())
    check_assertion(assertion)
    assert assertion["id"] == settings.SITE_URL + award.get_json_url()
    assert assertion["narrative"] == "Scaled apprenticeships to 12 regions."
    badge = _get(client, assertion["badge"])
    check_badge_class(badge)
    assert badge["id"] == assertion["badge"] and badge["name"] == "ILO Top Innovator"
    issuer = _get(client, badge["issuer"])
    check_issuer(issuer)
    assert issuer["id"] == badge["issuer"]
    # The default image is a static file (collected in production, found here).
    assert finders.find(badge["image"].removeprefix(settings.SITE_URL + settings.STATIC_URL))


def test_recipient_is_sha256_of_email_and_salt_and_the_email_never_appears(client, staff, member):
    award = top_innovator(member.user, staff)
    assertion = _get(client, award.get_json_url())
    salt = assertion["recipient"]["salt"]
    expected = "sha256$" + hashlib.sha256(("zoe@example.org" + salt).encode()).hexdigest()
    assert assertion["recipient"]["identity"] == expected == recipient_hash("zoe@example.org", salt)
    assert "zoe@example.org" not in json.dumps(assertion)


def test_each_award_has_its_own_salt(staff, member):
    first, second = top_innovator(member.user, staff), top_innovator(member.user, staff)
    assert first.recipient_salt != second.recipient_salt
    assert first.recipient_hash != second.recipient_hash


def test_a_revoked_assertion_answers_410_with_the_revocation_stub(client, staff, member):
    award = top_innovator(member.user, staff)
    award_revoke(award=award, actor=staff, reason="Awarded to the wrong person.")
    stub = _get(client, award.get_json_url(), status=410)
    assert stub["revoked"] is True
    assert stub["revocationReason"] == "Awarded to the wrong person."
    assert stub["id"] == settings.SITE_URL + award.get_json_url()


def test_an_expiring_badge_states_its_expiry(client, member):
    from badges.services import award_for_evidence

    award = award_for_evidence(badge="core-group-member", recipient=member.user, evidence_key="term:2026")
    assertion = _get(client, award.get_json_url())
    check_assertion(assertion)
    assert (award.expires_at - award.issued_at).days == 730


def test_unknown_ids_are_404_not_500(client):
    assert client.get("/openbadges/assertions/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/openbadges/badges/nope").status_code == 404
    assert client.get("/openbadges/issuers/nope").status_code == 404

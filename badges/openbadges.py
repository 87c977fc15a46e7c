"""Open Badges 2.0 (hosted verification) JSON-LD, built from the tables.

https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html
Every id is a stable, absolute URL on this site; the recipient is identified by a salted
hash of their email only. An Open Badges 3.0 serialisation would sit beside this module
and read the same rows.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.templatetags.static import static

from .models import BadgeAward, BadgeClass, Issuer

CONTEXT = "https://w3id.org/openbadges/v2"
DEFAULT_IMAGE = "img/badges/badge-default.png"


def new_salt() -> str:
    return secrets.token_hex(16)


def recipient_hash(email: str, salt: str) -> str:
    """`sha256$` + hex sha256(email + salt), the email lower-cased as OB 2.0 expects."""
    return "sha256$" + hashlib.sha256(f"{email.strip().lower()}{salt}".encode()).hexdigest()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def badge_image_url(badge_class: BadgeClass) -> str:
    return absolute(badge_class.image.url if badge_class.image else static(DEFAULT_IMAGE))


def issuer_json(issuer: Issuer) -> dict:
    data = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": absolute(issuer.get_json_url()),
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        data["description"] = issuer.description
    return data


def badge_class_json(badge_class: BadgeClass) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": absolute(badge_class.get_json_url()),
        "name": badge_class.name,
        "description": badge_class.description,
        "image": badge_image_url(badge_class),
        "criteria": {"narrative": badge_class.criteria},
        "issuer": absolute(badge_class.issuer.get_json_url()),
    }


def _iso(moment) -> str:
    return moment.replace(microsecond=0).isoformat()


def assertion_json(award: BadgeAward) -> dict:
    """The hosted assertion as issued (its status is the HTTP answer: 410 once revoked)."""
    data = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": absolute(award.get_json_url()),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": award.recipient_hash,
        },
        "badge": absolute(award.badge_class.get_json_url()),
        "verification": {"type": "hosted"},
        "issuedOn": _iso(award.issued_at),
        "image": badge_image_url(award.badge_class),
    }
    if award.expires_at:
        data["expires"] = _iso(award.expires_at)
    narrative = award.citation or award.narrative
    if narrative:
        data["narrative"] = narrative
    if award.evidence_url:
        data["evidence"] = [{"id": award.evidence_url}]
    return data


def revoked_json(award: BadgeAward) -> dict:
    """The stub a revoked hosted assertion answers with (HTTP 410)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": absolute(award.get_json_url()),
        "revoked": True,
        "revocationReason": award.revocation_reason,
    }

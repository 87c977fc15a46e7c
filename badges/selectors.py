"""Reads for recognition pages, joins decided once."""

from __future__ import annotations

import re
import uuid

from django.db.models import QuerySet

from members.models import MemberProfile, Organization

from .codes import normalise
from .filters import NetworkMemberFilter
from .models import BadgeAward, Document, Issuer

_UUID_AT_END = re.compile(r"([0-9a-fA-F-]{36})/?$")


def issuer_get(slug: str) -> Issuer | None:
    return Issuer.objects.filter(slug=slug).first()


def awards_of(user) -> QuerySet[BadgeAward]:
    return BadgeAward.objects.filter(recipient=user).select_related("badge_class__issuer", "superseded_by")


def documents_of(user) -> QuerySet[Document]:
    return Document.objects.filter(recipient=user).select_related("superseded_by")


def award_by_uuid(value) -> BadgeAward | None:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        return None
    return BadgeAward.objects.select_related("badge_class__issuer").filter(uuid=key).first()


def _with_holder(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("recipient__profile__organization", "superseded_by")


def credential_by_code(text: str) -> BadgeAward | Document | None:
    """The award or document with this verification code (as typed), else None."""
    code = normalise(text)
    if not code:
        return None
    award = _with_holder(BadgeAward.objects.select_related("badge_class__issuer")).filter(verification_code=code).first()
    if award is not None:
        return award
    return _with_holder(Document.objects.select_related("award__badge_class")).filter(verification_code=code).first()


def document_by_sha256(digest: str) -> Document | None:
    return Document.objects.filter(sha256=digest).first()


def award_by_assertion_id(assertion_id: str) -> BadgeAward | None:
    """The award whose hosted assertion URL is `assertion_id` (the id baked in a PNG)."""
    match = _UUID_AT_END.search(assertion_id or "")
    return award_by_uuid(match.group(1)) if match else None


def network_member_filterset(*, filters: dict | None) -> NetworkMemberFilter:
    """Approved organizations with at least one approved member, for the logo page."""
    members = MemberProfile.objects.approved().filter(organization__isnull=False).values("organization")
    queryset = Organization.objects.listed().filter(pk__in=members).order_by("name", "pk")
    return NetworkMemberFilter(filters or None, queryset=queryset)


def network_member_list(*, filters: dict | None = None) -> QuerySet[Organization]:
    filterset = network_member_filterset(filters=filters)
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs

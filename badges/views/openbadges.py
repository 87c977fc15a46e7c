"""Open Badges 2.0 hosted verification: issuer, badge class and assertion as JSON-LD at
stable, language-independent URLs (/openbadges/...). A revoked assertion answers 410
with the revocation stub; a superseded one stays valid JSON (the page says by whom)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_safe

from .. import openbadges, selectors
from ..models import BadgeClass

CONTENT_TYPE = "application/ld+json"


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # backpacks and validators fetch these
    return response


@require_safe
def issuer(request, slug: str):
    found = selectors.issuer_get(slug)
    if found is None:
        raise Http404
    return _json(openbadges.issuer_json(found))


@require_safe
def badge_class(request, slug: str):
    found = BadgeClass.objects.select_related("issuer").filter(slug=slug).first()
    if found is None:
        raise Http404
    return _json(openbadges.badge_class_json(found))


@require_safe
def assertion(request, uuid):
    award = selectors.award_by_uuid(uuid)
    if award is None:
        raise Http404
    if award.revoked_at:
        return _json(openbadges.revoked_json(award), status=410)
    return _json(openbadges.assertion_json(award))

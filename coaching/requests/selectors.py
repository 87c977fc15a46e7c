"""Reads for the request pages and staff's outcome statistics."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum

from .models import CoachingRequest, Outcome


def requests_of(*, user) -> QuerySet[CoachingRequest]:
    return (
        CoachingRequest.objects.filter(member=user)
        .select_related("call", "coach")
        .order_by("-created_at")
    )


def request_page(*, request: CoachingRequest) -> dict:
    return {
        "history": list(request.history.select_related("actor")),
        "documents": list(request.documents.all()),
    }


def _counts(prefix: str) -> dict:
    """reported / funded / amount over the requests reached through `prefix`."""
    reported = ~Q(**{f"{prefix}__outcome": ""}) & Q(**{f"{prefix}__isnull": False})
    funded = Q(**{f"{prefix}__outcome": Outcome.FUNDED})
    return {
        "reported": Count(prefix, filter=reported, distinct=True),
        "funded": Count(prefix, filter=funded, distinct=True),
        "amount": Sum(f"{prefix}__amount", filter=funded),
    }


def outcome_statistics() -> dict:
    """How many coached applications were funded, per call and per skills category of
    the call (requests with a reported outcome only). Two queries."""
    call_model = apps.get_model("funds", "FundingCall")
    category_model = apps.get_model("taxonomy", "SkillCategory")
    per_call = (
        call_model.objects.annotate(**_counts("coaching_requests"))
        .filter(reported__gt=0)
        .order_by("-funded", "title")
        .values("pk", "title", "reported", "funded", "amount")
    )
    per_category = (
        category_model.objects.annotate(**_counts("funding_calls__coaching_requests"))
        .filter(reported__gt=0)
        .order_by("-funded", "slug")
    )
    return {"per_call": list(per_call), "per_category": list(per_category)}

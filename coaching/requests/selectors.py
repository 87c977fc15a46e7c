"""Reads for the request pages and staff's outcome statistics."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum

from members.help.models import HelpKind, TechnicalAdvisor
from taxonomy.regions import region_for_country

from .models import CoachingRequest, Need, Outcome, Stage

# The kinds of help (find help's words) that answer each need of a request.
NEED_KINDS: dict[str, set[str]] = {
    Need.WRITING: {HelpKind.PROPOSALS},
    Need.BUDGET: {HelpKind.BUDGETS},
    Need.TRANSLATION: {HelpKind.TRANSLATION},
    Need.REVIEW: {HelpKind.PROPOSALS, HelpKind.EVALUATION},
    Need.PARTNERS: {HelpKind.PARTNERS},
}


def requests_of(*, user) -> QuerySet[CoachingRequest]:
    return (
        CoachingRequest.objects.filter(member=user)
        .select_related("call", "coach")
        .order_by("-created_at")
    )


def open_requests_of(*, user) -> QuerySet[CoachingRequest]:
    """The user's requests that may still get an advisor (no outcome, not at the result)."""
    return requests_of(user=user).filter(outcome="").exclude(stage=Stage.RESULT)


def advisor_get(*, pk: int) -> TechnicalAdvisor | None:
    """An advisor members may ask for (listed, accepting contact), or None."""
    return TechnicalAdvisor.objects.contactable().filter(pk=pk).first()


def advisors_for(*, request: CoachingRequest) -> list[TechnicalAdvisor]:
    """Advisors the member may ask for (listed, accepting contact, taking new requests),
    best first: 3
    points per kind of help matching one of the request's needs, 2 per language the
    request asks for, 1 for covering the member's region. Each advisor gets `.reasons`
    (what matched, for the select's labels). Three queries, however many advisors."""
    kinds = set().union(*(NEED_KINDS.get(need, set()) for need in request.needs))
    languages = {language.code: language.name for language in request.languages.all()}
    profile = getattr(request.member, "profile", None)
    region = region_for_country(profile.country.code) if profile and profile.country else ""
    ranked = []
    for advisor in TechnicalAdvisor.objects.taking_requests().prefetch_related("languages"):
        matching_kinds = sorted(str(HelpKind(k).label) for k in kinds & set(advisor.kinds or []))
        spoken = sorted(
            languages[lang.code] for lang in advisor.languages.all() if lang.code in languages
        )
        covers = bool(region) and (
            advisor.region == region
            or any(region_for_country(c.code) == region for c in advisor.countries)
        )
        advisor.score = 3 * len(matching_kinds) + 2 * len(spoken) + int(covers)
        advisor.reasons = matching_kinds + spoken
        ranked.append(advisor)
    return sorted(ranked, key=lambda a: (-a.score, a.name.lower(), a.pk))


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

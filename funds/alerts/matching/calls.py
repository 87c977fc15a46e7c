"""The call side of the matcher: what it needs to know about each call of a batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from funds.models import FundingCall

from .alerts import _listed


@dataclass(frozen=True)
class CallFacts:
    """What the matcher needs to know about one call."""

    id: int
    instrument: str
    funder_type: str
    applicant_types: tuple[str, ...]
    is_global: bool
    region_index: tuple[str, ...]
    eligible_regions: tuple[str, ...]
    countries: tuple[str, ...]
    category_ids: tuple[int, ...]
    languages: tuple[str, ...]
    amount_usd: Decimal | None


def load_call_facts(call_ids: Sequence[int]) -> list[CallFacts]:
    """Three queries, whatever the number of calls."""
    ids = list(call_ids)
    if not ids:
        return []
    categories: dict[int, list[int]] = defaultdict(list)
    for call_id, category_id in FundingCall.categories.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "skillcategory_id"
    ):
        categories[call_id].append(category_id)
    languages: dict[int, list[str]] = defaultdict(list)
    for call_id, code in FundingCall.languages.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "language__code"
    ):
        languages[call_id].append(code)
    rows = (
        FundingCall.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list(
            "pk", "instrument", "funder__type", "applicant_types", "is_global", "region_index",
            "eligible_regions", "eligible_countries", "amount_usd",
        )
    )
    return [
        CallFacts(
            id=pk,
            instrument=instrument or "",
            funder_type=funder_type or "",
            applicant_types=_listed(applicant_types),
            is_global=bool(is_global),
            region_index=_listed(region_index),
            eligible_regions=_listed(eligible_regions),
            countries=_country_codes(countries),
            category_ids=tuple(sorted(categories.get(pk, ()))),
            languages=tuple(sorted(languages.get(pk, ()))),
            amount_usd=amount,
        )
        for pk, instrument, funder_type, applicant_types, is_global, region_index, eligible_regions, countries, amount
        in rows
    ]


def _country_codes(value) -> tuple[str, ...]:
    """CountryField(multiple=True) reads back as "GH,NG" through values_list."""
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(getattr(c, "code", c)).strip().upper() for c in value or () if c)

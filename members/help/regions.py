"""Reads of the region pages (/members/regions/<region>/): who represents the network
there, the ILO offices and focal points covering it, its members by country and the
technical advisors who cover it. A fixed number of queries, however many rows.

What anonymous visitors see is public data only: representatives whose profile is
public (MemberProfile.visible_to), approved organizations, the ILO offices. Focal
points and advisors are members-only, like find help; no address is ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django_countries import countries

from members.models import MemberProfile, Organization
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region, countries_in_region, region_for_country

from .filters import covering_region_q
from .models import IloContact, IloOffice, TechnicalAdvisor

MAX_ADVISORS = 12


@dataclass
class CountryCount:
    code: str
    name: str
    organizations: int = 0
    members: int = 0


@dataclass
class RegionPage:
    region: Region
    representatives: list[MemberProfile]
    offices: list[IloOffice]
    countries: list[CountryCount]
    advisors: list[TechnicalAdvisor] = field(default_factory=list)
    advisor_count: int = 0
    members_only: bool = False  # the viewer sees focal points, advisors and contact buttons


def region_or_none(value: str) -> Region | None:
    return Region(value) if value in Region.values else None


def _representatives(*, user, region: str) -> list[MemberProfile]:
    """Approved regional representatives of `region` the viewer may see. Each gets
    `.contactable` (find help's rule: an active account that did not opt out)."""
    representatives = (
        MemberProfile.objects.visible_to(user)
        .filter(
            network_role=MemberProfile.NetworkRole.REGIONAL_REP,
            represented_region=region,
            user__is_active=True,
        )
        .select_related("organization", "help_offer")
        .order_by("full_name", "pk")
    )
    found = []
    for profile in representatives:
        offer = getattr(profile, "help_offer", None)
        profile.contactable = (
            offer is None or offer.accepts_contact
        ) and profile.user_id != getattr(user, "pk", None)
        found.append(profile)
    return found


def _offices(*, region: str, with_contacts: bool) -> list[IloOffice]:
    """Listed ILO offices of the region or covering one of its countries, regional
    offices first; with their listed contacts when `with_contacts`."""
    offices = IloOffice.objects.filter(is_active=True).filter(covering_region_q(region))
    offices = offices.prefetch_related(Prefetch("languages", queryset=Language.objects.all()))
    if with_contacts:
        offices = offices.prefetch_related(
            Prefetch(
                "contacts",
                queryset=IloContact.objects.filter(is_active=True).order_by("name", "pk"),
                to_attr="listed_contacts",
            )
        )
    order = {IloOffice.Kind.REGIONAL: 0, IloOffice.Kind.DWT: 1, IloOffice.Kind.COUNTRY: 2}
    return sorted(offices, key=lambda office: (order.get(office.kind, 3), office.name))


def _countries(*, user, region: str) -> list[CountryCount]:
    """Approved organizations and the members the viewer may see, per country of the
    region (only countries with at least one), by name in the active language."""
    codes = countries_in_region(region)
    rows: dict[str, CountryCount] = {}
    organizations = (
        Organization.objects.listed()
        .filter(country__in=codes)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in organizations:
        rows.setdefault(
            row["country"], CountryCount(row["country"], countries.name(row["country"]))
        )
        rows[row["country"]].organizations = row["n"]
    members = (
        MemberProfile.objects.visible_to(user)
        .filter(country__in=codes)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in members:
        rows.setdefault(
            row["country"], CountryCount(row["country"], countries.name(row["country"]))
        )
        rows[row["country"]].members = row["n"]
    return sorted(rows.values(), key=lambda c: c.name)


def region_page(*, user, region: Region) -> RegionPage:
    """Everything /members/regions/<region>/ shows to `user`. Public parts for everyone;
    focal points and advisors for network members only."""
    members_only = bool(user.is_authenticated and user.is_network_member)
    page = RegionPage(
        region=region,
        representatives=_representatives(user=user, region=region.value),
        offices=_offices(region=region.value, with_contacts=members_only),
        countries=_countries(user=user, region=region.value),
        members_only=members_only,
    )
    if members_only:
        advisors = (
            TechnicalAdvisor.objects.contactable()
            .filter(covering_region_q(region.value))
            .prefetch_related(
                Prefetch("languages", queryset=Language.objects.all()),
                Prefetch("categories", queryset=SkillCategory.objects.all()),
            )
            .order_by("name", "pk")
        )
        page.advisor_count = advisors.count()
        page.advisors = list(advisors[:MAX_ADVISORS])
    return page


def regions_overview() -> list[dict]:
    """The five regions, each with its number of approved member organizations (one query)."""
    counts: dict[str, int] = {}
    for row in Organization.objects.listed().values("country").annotate(n=Count("pk")).order_by():
        region = region_for_country(row["country"])
        counts[region] = counts.get(region, 0) + row["n"]
    return [{"region": region, "organizations": counts.get(region.value, 0)} for region in Region]

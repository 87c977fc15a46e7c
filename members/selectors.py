"""Reads for members, organizations and membership, with their joins decided once.

List selectors wrap a FilterSet and return QuerySets whose query count does not grow
with the number of rows (select_related for foreign keys, prefetch_related for the
many-to-many tags a card shows).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import region_for_country

from .filters import MemberFilter, OrganizationFilter
from .models import MemberProfile, MembershipApplication, Organization

RECENT_LOGOS = 12  # the most the home page logo wall shows (network_portal.home.logo_wall)
REVIEW_PAGE_SIZE = 50


def can_see_contact_details(user) -> bool:
    """Email, LinkedIn and personal website are for approved members (and staff) only."""
    return bool(user is not None and user.is_authenticated and user.is_network_member)


def _for_cards(queryset: QuerySet) -> QuerySet:
    """What a member card shows (members/includes/member_card.html): its organization only
    when approved (MemberProfile.listed_organization)."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch("categories", queryset=SkillCategory.objects.all())
    )


def _with_tags(queryset: QuerySet) -> QuerySet:
    """What a profile page shows."""
    return _for_cards(queryset).prefetch_related(
        Prefetch("languages", queryset=Language.objects.all()),
        Prefetch("expertise", queryset=Expertise.objects.all()),
    )


def filtered(filterset) -> QuerySet:
    """A FilterSet's results: everything when no filter was given, nothing when a filter
    value is invalid (its form then carries the error to show)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def member_filterset(*, user, filters: dict | None) -> MemberFilter:
    """The directory's bound FilterSet (its form shows errors for unknown values) over the
    profiles the user may see. Its .qs is what member_list returns for valid filters."""
    queryset = _for_cards(MemberProfile.objects.visible_to(user)).order_by("full_name", "pk")
    return MemberFilter(filters or None, queryset=queryset)


def member_list(*, user, filters: dict | None = None) -> QuerySet[MemberProfile]:
    """Profiles the user may see, filtered; nothing when a filter value is invalid."""
    return filtered(member_filterset(user=user, filters=filters))


def member_get(*, user, pk) -> MemberProfile | None:
    """One profile with its organization and tags, or None when the user may not see it."""
    return (
        _with_tags(MemberProfile.objects.visible_to(user))
        .select_related("user")
        .filter(pk=pk)
        .first()
    )


def organization_filterset(*, filters: dict | None) -> OrganizationFilter:
    queryset = Organization.objects.listed().order_by("name", "pk")
    return OrganizationFilter(filters or None, queryset=queryset)


def organization_list(*, filters: dict | None = None) -> QuerySet[Organization]:
    """Approved organizations (the public "Our members" page), filtered."""
    return filtered(organization_filterset(filters=filters))


def organization_get(*, user, slug: str) -> Organization | None:
    return (
        Organization.objects.visible_to(user)
        .prefetch_related(Prefetch("project_languages", queryset=Language.objects.all()))
        .filter(slug=slug)
        .first()
    )


def organization_people(*, organization: Organization, user) -> QuerySet[MemberProfile]:
    """The organization's people whom the user may see."""
    return (
        _for_cards(MemberProfile.objects.visible_to(user))
        .filter(organization=organization)
        .order_by("full_name", "pk")
    )


def review_queue(*, user) -> dict:
    """What the user may decide on the review page, oldest first (at most REVIEW_PAGE_SIZE
    of each, with the totals): organizations waiting for review ("organizations",
    "organization_count") and requests to join an organization ("join_requests",
    "join_request_count"). Both empty for people who may decide nothing."""
    organizations = Organization.objects.reviewable_by(user)
    join_requests = MemberProfile.objects.join_requests_decidable_by(user)
    return {
        "organizations": list(
            organizations.select_related("created_by__profile").order_by("created_at", "pk")[
                :REVIEW_PAGE_SIZE
            ]
        ),
        "organization_count": organizations.count(),
        "join_requests": list(
            join_requests.select_related("user", "organization", "requested_organization").order_by(
                "organization_requested_at", "pk"
            )[:REVIEW_PAGE_SIZE]
        ),
        "join_request_count": join_requests.count(),
    }


def review_count(*, user) -> int:
    """How many decisions wait for the user (for a link to the review page)."""
    if user is None or not user.is_authenticated:
        return 0
    return (
        Organization.objects.reviewable_by(user).count()
        + MemberProfile.objects.join_requests_decidable_by(user).count()
    )


def application_latest(*, profile: MemberProfile) -> MembershipApplication | None:
    return profile.applications.order_by("-submitted_at", "-pk").first()


def home_page_context(*, user) -> dict:
    """Numbers and logos for the home page.

    Keys: member_count, organization_count, country_count, region_count (ints),
    recent_organizations (approved organizations with a logo, newest first),
    categories (active skills categories, for links into the directory) and
    viewer_profile (the signed-in user's profile, or None).
    """
    members = MemberProfile.objects.approved()
    organizations = Organization.objects.listed()
    country_codes = set(members.exclude(country="").values_list("country", flat=True).distinct())
    country_codes |= set(organizations.values_list("country", flat=True).distinct())
    country_codes.discard("")
    viewer_profile = None
    if user is not None and user.is_authenticated:
        viewer_profile = MemberProfile.objects.filter(user=user).first()
    return {
        "member_count": members.count(),
        "organization_count": organizations.count(),
        "country_count": len(country_codes),
        "region_count": len({region_for_country(code) for code in country_codes} - {""}),
        "recent_organizations": list(
            organizations.exclude(logo="").order_by("-created_at", "-pk")[:RECENT_LOGOS]
        ),
        "categories": list(SkillCategory.objects.active()),
        "viewer_profile": viewer_profile,
    }

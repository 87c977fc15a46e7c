"""Reads of find help: who could help with a need, ranked and explained, and the
recipients a member may write to.

Ranking: a candidate must match the need itself (the kind of help, the skills category,
or expertise that goes with the kind); then points for the kind (4), the category (3),
expertise (2), being in the member's country (3) or region (1) and speaking the asked
language (2). The ILO office covering the member's country, its contacts and the
regional representative are always suggested. Each suggestion says why, in words
("works on RPL and certification", "in Kenya", "speaks French").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from members.models import MemberProfile
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region, region_for_country

from .filters import AdvisorFilter
from .models import HelpKind, IloContact, IloOffice, TechnicalAdvisor

# Profile expertise that counts as offering a kind of help.
KIND_EXPERTISE: dict[str, set[str]] = {
    HelpKind.FUNDING: {"impact-investment"},
    HelpKind.PROPOSALS: {"proposal-writing"},
    HelpKind.BUDGETS: {"budgeting"},
    HelpKind.TRANSLATION: {"translation"},
    HelpKind.DATA: {"labour-market-data"},
    HelpKind.EVALUATION: {"monitoring-evaluation"},
    HelpKind.PARTNERS: {"employer-engagement", "social-dialogue"},
    HelpKind.DIGITAL: {"digital-learning"},
    HelpKind.POLICY: {"social-dialogue"},
    HelpKind.MENTORING: {"facilitation"},
}
MAX_PER_GROUP = 10
MAX_MEMBER_CANDIDATES = 300


@dataclass(frozen=True)
class Need:
    category: SkillCategory | None = None
    kind: str = ""
    language: Language | None = None


@dataclass
class Suggestion:
    recipient_kind: str  # "member", "advisor", "office", "contact"
    pk: int
    name: str
    subtitle: str
    score: int
    reasons: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class Suggestions:
    members: list[Suggestion]
    advisors: list[Suggestion]
    ilo: list[Suggestion]

    def __bool__(self) -> bool:
        return bool(self.members or self.advisors or self.ilo)


@dataclass
class _Facts:
    """What a candidate is known for, as codes."""

    kinds: set[str] = field(default_factory=set)
    categories: dict[str, str] = field(default_factory=dict)  # slug -> name
    expertise: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # code -> name
    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)


def _relevance(facts: _Facts, need: Need) -> tuple[int, list[str]]:
    score, reasons = 0, []
    if need.kind and need.kind in facts.kinds:
        score += 4
        reasons.append(_("offers help with %(kind)s") % {"kind": HelpKind(need.kind).label.lower()})
    if need.category and need.category.slug in facts.categories:
        score += 3
        reasons.append(_("works on %(category)s") % {"category": need.category.name})
    matching = sorted(
        facts.expertise[s] for s in KIND_EXPERTISE.get(need.kind, set()) & set(facts.expertise)
    )
    if matching:
        score += 2
        reasons.append(_("expertise in %(expertise)s") % {"expertise": ", ".join(matching)})
    return score, reasons


def _closeness(facts: _Facts, need: Need, country: str) -> tuple[int, list[str]]:
    score, reasons = 0, []
    region = region_for_country(country)
    if country and country in facts.countries:
        score += 3
        reasons.append(_("in %(country)s") % {"country": countries.name(country)})
    elif region and region in facts.regions:
        score += 1
        reasons.append(_("in %(region)s") % {"region": Region(region).label})
    if need.language and need.language.code in facts.languages:
        score += 2
        reasons.append(_("speaks %(language)s") % {"language": need.language.name})
    return score, reasons


def _sorted(suggestions: list[Suggestion]) -> list[Suggestion]:
    return sorted(suggestions, key=lambda s: (-s.score, s.name.lower()))[:MAX_PER_GROUP]


def _m2m(items, key: str = "slug") -> dict[str, str]:
    return {getattr(item, key): item.name for item in items}


def _offer_kinds(profile: MemberProfile) -> tuple[set[str], bool]:
    offer = getattr(profile, "help_offer", None)
    if offer is None:
        return set(), True
    return set(offer.kinds or []), offer.accepts_contact


def _member_suggestions(*, user, need: Need, country: str) -> list[Suggestion]:
    expertise = KIND_EXPERTISE.get(need.kind, set())
    wanted = Q(help_offer__isnull=False)
    if need.category:
        wanted |= Q(categories=need.category)
    if expertise:
        wanted |= Q(expertise__slug__in=expertise)
    candidates = (
        MemberProfile.objects.visible_to(user)
        .filter(wanted, user__is_active=True)
        .exclude(user=user)
        .exclude(help_offer__accepts_contact=False)
        .select_related("organization", "help_offer")
        .prefetch_related("categories", "languages", "expertise")
        .distinct()
        .order_by("pk")[:MAX_MEMBER_CANDIDATES]
    )
    found = []
    for profile in candidates:
        kinds, accepts = _offer_kinds(profile)
        if not accepts:
            continue
        facts = _Facts(
            kinds=kinds,
            categories=_m2m(profile.categories.all()),
            expertise=_m2m(profile.expertise.all()),
            languages=_m2m(profile.languages.all(), "code"),
            countries={profile.country.code} if profile.country else set(),
            regions={profile.region} if profile.region else set(),
        )
        relevance, reasons = _relevance(facts, need)
        if not relevance:
            continue
        closeness, more = _closeness(facts, need, country)
        organization = profile.listed_organization
        if organization is not None and organization.project_name:
            more.append(_("project: %(project)s") % {"project": organization.project_name})
        found.append(
            Suggestion(
                recipient_kind="member",
                pk=profile.pk,
                name=str(profile.display_name),
                subtitle=organization.name if organization else "",
                score=relevance + closeness,
                reasons=reasons + more,
                url=profile.get_absolute_url(),
            )
        )
    return _sorted(found)


def _advisor_suggestions(*, need: Need, country: str) -> list[Suggestion]:
    found = []
    for advisor in TechnicalAdvisor.objects.contactable().prefetch_related(
        "categories", "languages", "expertise"
    ):
        facts = _Facts(
            kinds=set(advisor.kinds or []),
            categories=_m2m(advisor.categories.all()),
            expertise=_m2m(advisor.expertise.all()),
            languages=_m2m(advisor.languages.all(), "code"),
            countries={c.code for c in advisor.countries},
            regions={advisor.region} if advisor.region else set(),
        )
        relevance, reasons = _relevance(facts, need)
        if not relevance:
            continue
        closeness, more = _closeness(facts, need, country)
        subtitle = ", ".join(p for p in [advisor.title, advisor.organization] if p)
        found.append(
            Suggestion(
                "advisor", advisor.pk, advisor.name, subtitle, relevance + closeness, reasons + more
            )
        )
    return _sorted(found)


def _ilo_suggestions(*, user, need: Need, country: str) -> list[Suggestion]:
    region = region_for_country(country)
    if not country:
        return []
    offices = [
        office
        for office in IloOffice.objects.contactable().prefetch_related("languages")
        if country in {c.code for c in office.countries}
        or (office.kind == IloOffice.Kind.REGIONAL and region and office.region == region)
    ]
    found = []
    for office in offices:
        covers_country = country in {c.code for c in office.countries}
        facts = _Facts(languages=_m2m(office.languages.all(), "code"))
        closeness, more = _closeness(facts, need, "")
        reason = (
            _("ILO office for %(country)s") % {"country": countries.name(country)}
            if covers_country
            else _("ILO regional office for %(region)s") % {"region": Region(region).label}
        )
        found.append(
            Suggestion(
                "office",
                office.pk,
                office.name,
                office.get_kind_display(),
                (5 if covers_country else 2) + closeness,
                [reason, *more],
            )
        )
    contacts = IloContact.objects.contactable().filter(office__in=offices).select_related("office")
    for contact in contacts.prefetch_related("categories", "languages"):
        facts = _Facts(
            kinds=set(contact.kinds or []),
            categories=_m2m(contact.categories.all()),
            languages=_m2m(contact.languages.all(), "code"),
        )
        relevance, reasons = _relevance(facts, need)
        closeness, more = _closeness(facts, need, "")
        subtitle = ", ".join(p for p in [contact.role, contact.office.name] if p)
        found.append(
            Suggestion(
                "contact",
                contact.pk,
                contact.name,
                subtitle,
                3 + relevance + closeness,
                reasons + more,
            )
        )
    if region:
        representatives = (
            MemberProfile.objects.visible_to(user)
            .filter(
                network_role=MemberProfile.NetworkRole.REGIONAL_REP,
                represented_region=region,
                user__is_active=True,
            )
            .exclude(user=user)
            .exclude(help_offer__accepts_contact=False)
            .select_related("organization")
            .prefetch_related("languages")
        )
        for rep in representatives:
            facts = _Facts(languages=_m2m(rep.languages.all(), "code"))
            closeness, more = _closeness(facts, need, "")
            reason = _("regional representative for %(region)s") % {"region": Region(region).label}
            organization = rep.listed_organization
            found.append(
                Suggestion(
                    "member",
                    rep.pk,
                    str(rep.display_name),
                    organization.name if organization else "",
                    4 + closeness,
                    [reason, *more],
                )
            )
    return _sorted(found)


def suggestions(*, user, need: Need) -> Suggestions:
    """Who could help `user` (a member) with `need`, ranked and explained, in three
    groups: members, technical advisors, the ILO (office, contacts, regional
    representative). Nobody who opted out, never the user themselves."""
    profile = getattr(user, "profile", None)
    country = profile.country.code if profile is not None and profile.country else ""
    return Suggestions(
        members=_member_suggestions(user=user, need=need, country=country),
        advisors=_advisor_suggestions(need=need, country=country),
        ilo=_ilo_suggestions(user=user, need=need, country=country),
    )


def recipient_get(*, user, kind: str, pk: int):
    """The person or office `user` may write to, or None: a member they may see (not
    themselves) or a listed advisor, office or contact, who accepts messages."""
    if kind == "member":
        profile = (
            MemberProfile.objects.visible_to(user)
            .filter(pk=pk, user__is_active=True)
            .exclude(user=user)
            .exclude(help_offer__accepts_contact=False)
            .select_related("user")
            .first()
        )
        return profile
    model = {"advisor": TechnicalAdvisor, "office": IloOffice, "contact": IloContact}.get(kind)
    if model is None:
        return None
    return model.objects.contactable().filter(pk=pk).first()


def _advisors_for_cards(queryset: QuerySet) -> QuerySet[TechnicalAdvisor]:
    """What an advisor's card and page show: categories, languages, expertise."""
    return queryset.prefetch_related(
        Prefetch("categories", queryset=SkillCategory.objects.all()),
        Prefetch("languages", queryset=Language.objects.all()),
        "expertise",
    )


def advisor_filterset(*, filters: dict | None) -> AdvisorFilter:
    """The members-only list of technical advisors: listed ones who accept messages
    (never their address), filtered. Four queries a page, however many advisors."""
    queryset = _advisors_for_cards(TechnicalAdvisor.objects.contactable()).order_by("name", "pk")
    return AdvisorFilter(filters or None, queryset=queryset)


def advisor_list(filterset: AdvisorFilter) -> QuerySet[TechnicalAdvisor]:
    """The filterset's advisors; none when a filter value is invalid (its form shows why)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs.distinct()


def advisor_get(*, pk: int) -> TechnicalAdvisor | None:
    return _advisors_for_cards(TechnicalAdvisor.objects.contactable()).filter(pk=pk).first()

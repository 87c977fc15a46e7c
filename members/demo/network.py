"""The whole demo network planned from the fixed seed alone (no database access): which
organizations and people exist, with every field of their profiles."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from taxonomy.regions import Region

from ..models import MemberProfile, OrganizationType
from ..roles import Role
from .data import (
    BIOS,
    FRENCH,
    MEMBER_COUNT,
    NAMES,
    ORG_STEMS,
    ORG_SUFFIXES,
    PALETTE,
    PLACES,
    REGION_LANGUAGES,
    ROLES_IN_ORG,
    SEED,
    SPANISH,
    TOPICS,
)


def _topic(category_slugs: list[str]) -> str:
    first = category_slugs[0] if category_slugs else ""
    return TOPICS.get(first, first.replace("-", " ") or "skills development")


@dataclass
class OrgSpec:
    slug: str
    name: str
    type: str
    country: str
    colour: str
    project_languages: list[str]
    description: str
    project_name: str


@dataclass
class PersonSpec:
    email: str
    full_name: str
    country: str
    time_zone: str
    preferred_language: str
    org_slug: str | None
    organization_role: str
    categories: list[str]
    expertise: list[str]
    languages: list[str]
    bio: str
    visibility: str
    membership: str
    network_role: str = MemberProfile.NetworkRole.MEMBER
    represented_region: str = ""
    days_ago: int = 100
    extra_groups: list[str] = field(default_factory=list)


def build_network(
    categories: list[str], expertise: list[str]
) -> tuple[list[OrgSpec], list[PersonSpec]]:
    """The whole demo network, from the fixed seed alone (no database access)."""
    rng = random.Random(SEED)
    regions = list(Region)
    orgs: list[OrgSpec] = []
    people: list[PersonSpec] = []
    stems = ORG_STEMS[:]
    rng.shuffle(stems)
    for i in range(MEMBER_COUNT):
        region = regions[i % len(regions)]
        country, tz = rng.choice(PLACES[region])
        first_names, last_names = NAMES[region]
        full_name = f"{rng.choice(first_names)} {rng.choice(last_names)}"
        # Most people bring their own organization; some share one with a colleague.
        same_region = [o for o in orgs if o.slug.endswith(region.value)]
        if same_region and rng.random() < 0.25:
            org = rng.choice(same_region)
        else:
            org_type = rng.choice(list(OrganizationType))
            stem = stems[len(orgs) % len(stems)]
            name = f"{stem} {ORG_SUFFIXES[org_type]}"
            if len(orgs) >= len(stems):
                name = f"{name} {country}"
            org = OrgSpec(
                slug=f"demo-{slugify(name)}-{region.value}",
                name=name,
                type=org_type.value,
                country=country,
                colour=PALETTE[len(orgs) % len(PALETTE)],
                project_languages=sorted({"en", rng.choice(REGION_LANGUAGES[region])}),
                description=(
                    f"{name} works with young people and adults in {country} so that they "
                    "learn the skills employers need, and with employers so that they hire them."
                ),
                project_name=f"{stem} pilot",
            )
            orgs.append(org)
        cats = rng.sample(categories, k=min(len(categories), rng.randint(1, 3)))
        membership = MemberProfile.Membership.APPROVED
        if i % 12 == 5:
            membership = MemberProfile.Membership.PENDING
        elif i % 20 == 7:
            membership = MemberProfile.Membership.DECLINED
        preferred = "fr" if country in FRENCH else "es" if country in SPANISH else "en"
        person = PersonSpec(
            email=f"demo.member{i + 1:02d}@example.org",
            full_name=full_name,
            country=country,
            time_zone=tz,
            preferred_language=preferred,
            org_slug=org.slug,
            organization_role=rng.choice(ROLES_IN_ORG),
            categories=cats,
            expertise=rng.sample(expertise, k=min(len(expertise), rng.randint(1, 3))),
            languages=sorted(
                {"en", preferred, *rng.sample(REGION_LANGUAGES[region], k=rng.randint(1, 2))}
            ),
            bio=rng.choice(BIOS).format(org=org.name, topic=_topic(cats)),
            visibility=rng.choices(
                [
                    MemberProfile.Visibility.PUBLIC,
                    MemberProfile.Visibility.MEMBERS,
                    MemberProfile.Visibility.HIDDEN,
                ],
                weights=[70, 25, 5],
            )[0],
            membership=membership,
            days_ago=rng.randint(5, 900),
        )
        if membership == MemberProfile.Membership.APPROVED:
            if i < len(regions):  # the first approved member of each region represents it
                person.network_role = MemberProfile.NetworkRole.REGIONAL_REP
                person.represented_region = region.value
                # Shown on their region's page (/members/regions/<region>/) to everyone.
                person.visibility = MemberProfile.Visibility.PUBLIC
            elif i % 9 == 0:
                person.network_role = MemberProfile.NetworkRole.CORE
        people.append(person)

    demo_org = OrgSpec(
        slug="demo-nairobi-skills-lab",
        name="Nairobi Skills Lab",
        type=OrganizationType.SOCIAL_ENTERPRISE.value,
        country="KE",
        colour="#0b7a75",
        project_languages=["en", "sw"],
        description="A social enterprise training solar technicians and matching them with employers.",
        project_name="Solar apprenticeships",
    )
    orgs.append(demo_org)
    base = {
        "time_zone": "UTC",
        "preferred_language": "en",
        "bio": "A demo account to try the portal.",
        "visibility": MemberProfile.Visibility.PUBLIC,
        "categories": categories[:2],
        "expertise": expertise[:2],
        "languages": ["en", "fr"],
        "organization_role": "Programme manager",
    }
    people += [
        PersonSpec(
            email="member@example.org",
            full_name="Grace Wanjiru (demo member)",
            country="KE",
            org_slug=demo_org.slug,
            membership=MemberProfile.Membership.APPROVED,
            **{**base, "time_zone": "Africa/Nairobi"},
        ),
        PersonSpec(
            email="core@example.org",
            full_name="Carlos Mendoza (demo core group)",
            country="CO",
            org_slug=people[1].org_slug,
            membership=MemberProfile.Membership.APPROVED,
            network_role=MemberProfile.NetworkRole.CORE,
            **{**base, "preferred_language": "es", "time_zone": "America/Bogota"},
        ),
        PersonSpec(
            email="staff@example.org",
            full_name="Sophie Laurent (demo ILO staff)",
            country="CH",
            org_slug=None,
            membership=MemberProfile.Membership.NONE,
            extra_groups=[Role.ILO_STAFF.value],
            **{
                **base,
                "preferred_language": "fr",
                "time_zone": "Europe/Zurich",
                "visibility": MemberProfile.Visibility.HIDDEN,
            },
        ),
        PersonSpec(
            email="admin@example.org",
            full_name="Portal Admin (demo)",
            country="CH",
            org_slug=None,
            membership=MemberProfile.Membership.NONE,
            **{**base, "time_zone": "Europe/Zurich", "visibility": MemberProfile.Visibility.HIDDEN},
        ),
    ]
    return orgs, people

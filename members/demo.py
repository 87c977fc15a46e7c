"""Demo people and organizations for `manage.py seed_demo`.

Everything is generated from a fixed random seed, so every run describes the same
network; rows that already exist (matched by email or slug) are left as they are, so
running it again adds nothing and undoes no edit made while trying the portal.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import Region

from . import demo_mfa
from .models import MemberProfile, MembershipApplication, Organization, OrganizationType, User
from .roles import Role

SEED = 2026
PASSWORD = "demo-password-2026"  # noqa: S105 - published on purpose: demo accounts only
MEMBER_COUNT = 60

ACCOUNTS = [
    ("member@example.org", "an approved network member"),
    ("core@example.org", "a core group member"),
    ("staff@example.org", "ILO staff: curates in /admin/"),
    ("admin@example.org", "superuser"),
]

# Countries (with a time zone) per region, and names that fit them.
PLACES = {
    Region.AFRICA: [
        ("KE", "Africa/Nairobi"),
        ("NG", "Africa/Lagos"),
        ("SN", "Africa/Dakar"),
        ("GH", "Africa/Accra"),
        ("ZA", "Africa/Johannesburg"),
        ("ET", "Africa/Addis_Ababa"),
        ("RW", "Africa/Kigali"),
        ("CI", "Africa/Abidjan"),
        ("MA", "Africa/Casablanca"),
        ("UG", "Africa/Kampala"),
    ],
    Region.AMERICAS: [
        ("BR", "America/Sao_Paulo"),
        ("MX", "America/Mexico_City"),
        ("CO", "America/Bogota"),
        ("PE", "America/Lima"),
        ("AR", "America/Argentina/Buenos_Aires"),
        ("CL", "America/Santiago"),
        ("GT", "America/Guatemala"),
        ("JM", "America/Jamaica"),
        ("CA", "America/Toronto"),
        ("HT", "America/Port-au-Prince"),
    ],
    Region.ARAB_STATES: [
        ("JO", "Asia/Amman"),
        ("LB", "Asia/Beirut"),
        ("SA", "Asia/Riyadh"),
        ("QA", "Asia/Qatar"),
        ("AE", "Asia/Dubai"),
        ("OM", "Asia/Muscat"),
        ("IQ", "Asia/Baghdad"),
        ("PS", "Asia/Hebron"),
    ],
    Region.ASIA_PACIFIC: [
        ("IN", "Asia/Kolkata"),
        ("BD", "Asia/Dhaka"),
        ("ID", "Asia/Jakarta"),
        ("PH", "Asia/Manila"),
        ("VN", "Asia/Ho_Chi_Minh"),
        ("NP", "Asia/Kathmandu"),
        ("PK", "Asia/Karachi"),
        ("TH", "Asia/Bangkok"),
        ("FJ", "Pacific/Fiji"),
        ("KH", "Asia/Phnom_Penh"),
    ],
    Region.EUROPE_CENTRAL_ASIA: [
        ("FR", "Europe/Paris"),
        ("ES", "Europe/Madrid"),
        ("DE", "Europe/Berlin"),
        ("IT", "Europe/Rome"),
        ("TR", "Europe/Istanbul"),
        ("UA", "Europe/Kyiv"),
        ("GE", "Asia/Tbilisi"),
        ("UZ", "Asia/Tashkent"),
        ("KZ", "Asia/Almaty"),
        ("PL", "Europe/Warsaw"),
    ],
}
NAMES = {
    Region.AFRICA: (
        [
            "Amina",
            "Kwame",
            "Fatou",
            "Chidi",
            "Wanjiru",
            "Tendai",
            "Aïcha",
            "Yaw",
            "Nomvula",
            "Sekou",
            "Halima",
            "Abebe",
        ],
        [
            "Okafor",
            "Mensah",
            "Diop",
            "Wanjiku",
            "Ndlovu",
            "Tesfaye",
            "Traoré",
            "Mugisha",
            "Kamara",
            "Bello",
        ],
    ),
    Region.AMERICAS: (
        [
            "Lucía",
            "Mateo",
            "Camila",
            "João",
            "Valentina",
            "Diego",
            "Ana",
            "Luis",
            "Isabela",
            "Rosa",
            "Marcus",
            "Paula",
        ],
        [
            "Gómez",
            "Silva",
            "Rodríguez",
            "Pereira",
            "Martínez",
            "Quispe",
            "Fernández",
            "Campbell",
            "Souza",
            "Díaz",
        ],
    ),
    Region.ARAB_STATES: (
        [
            "Layla",
            "Omar",
            "Rania",
            "Youssef",
            "Nour",
            "Khalid",
            "Salma",
            "Hassan",
            "Mariam",
            "Tariq",
            "Dina",
            "Sami",
        ],
        [
            "Haddad",
            "Al-Masri",
            "Khoury",
            "Nasser",
            "Saleh",
            "Al-Farsi",
            "Darwish",
            "Hamdan",
            "Aziz",
            "Mansour",
        ],
    ),
    Region.ASIA_PACIFIC: (
        [
            "Priya",
            "Rahim",
            "Siti",
            "Jose",
            "Linh",
            "Anil",
            "Dewi",
            "Sunita",
            "Arjun",
            "Mele",
            "Somchai",
            "Nasrin",
        ],
        [
            "Sharma",
            "Rahman",
            "Santoso",
            "Reyes",
            "Nguyen",
            "Thapa",
            "Khan",
            "Srisai",
            "Naidu",
            "Chowdhury",
        ],
    ),
    Region.EUROPE_CENTRAL_ASIA: (
        [
            "Claire",
            "Javier",
            "Anna",
            "Marco",
            "Elif",
            "Olena",
            "Nino",
            "Dilnoza",
            "Aigerim",
            "Piotr",
            "Lea",
            "Sofia",
        ],
        [
            "Martin",
            "García",
            "Schmidt",
            "Rossi",
            "Yılmaz",
            "Kovalenko",
            "Beridze",
            "Karimova",
            "Nowak",
            "Dubois",
        ],
    ),
}
REGION_LANGUAGES = {
    Region.AFRICA: ["sw", "ha", "yo", "am", "wo", "zu", "fr", "pt", "ar"],
    Region.AMERICAS: ["es", "pt", "ht", "qu", "fr"],
    Region.ARAB_STATES: ["ar", "fr"],
    Region.ASIA_PACIFIC: ["hi", "bn", "id", "tl", "vi", "ne", "ur", "th", "ms"],
    Region.EUROPE_CENTRAL_ASIA: ["fr", "es", "de", "it", "tr", "uk", "ka", "uz", "kk", "pl", "ru"],
}
FRENCH = {"SN", "CI", "MA", "FR", "HT"}
SPANISH = {"MX", "CO", "PE", "AR", "CL", "GT", "ES"}

ORG_STEMS = [
    "Skills Bridge", "Youth Futures", "Apprentice Works", "Digital Pathways", "Green Jobs Lab",
    "Learning Commons", "Career Compass", "Women in Trades", "Inclusive Skills", "Rural Makers",
    "Upskill Hub", "Craft and Code", "Second Chance Academy", "Talent Garden", "Future of Work Lab",
    "Skills for Peace", "Open Workshop", "Migrant Skills Network", "Solar Technicians", "Care Academy",
    "Blue Economy Skills", "Agri Skills Collective", "Tech Sisters", "First Job Initiative",
    "Makers of Tomorrow", "Skills Compass", "New Horizons Training", "Bright Futures Trust",
    "Work Ready", "Skillful Cities", "Learning by Doing", "Pathways to Work", "Circular Skills",
    "Mentor Bridge", "Community Colleges Alliance", "Skills Lab", "Reskill Now", "Hands On",
    "Next Generation Crafts", "Village Innovators", "Coding Roots", "Career Roads",
    "Skills Without Borders", "Inclusive Tech", "Green Builders", "Health Care Skills",
    "Tourism Skills Hub", "Creative Trades",
]  # fmt: skip
ORG_SUFFIXES = {
    OrganizationType.NGO: "Foundation",
    OrganizationType.SOCIAL_ENTERPRISE: "Social Enterprise",
    OrganizationType.SME: "Ltd",
    OrganizationType.TRAINING_PROVIDER: "Institute",
    OrganizationType.PUBLIC_AGENCY: "Agency",
    OrganizationType.EMPLOYERS: "Employers' Forum",
    OrganizationType.WORKERS: "Workers' Union",
    OrganizationType.ACADEMIA: "Research Centre",
    OrganizationType.INTERNATIONAL: "Partnership",
    OrganizationType.OTHER: "Collective",
}
ROLES_IN_ORG = [
    "Director",
    "Programme manager",
    "Founder",
    "Training coordinator",
    "Researcher",
    "Partnerships lead",
]
PALETTE = ["#1e2d78", "#0b7a75", "#b5452b", "#6b3fa0", "#2f6f2f", "#a0522d", "#005a9c", "#8a1c4a"]
BIOS = [
    "I lead {org}'s work on {topic}, with partners from government, employers and workers.",
    "Before joining {org} I taught in vocational schools for ten years. I now work on {topic}.",
    "At {org} we test new ways of doing {topic}; happy to share what worked and what did not.",
    "I coordinate {topic} programmes at {org} and look for partners to scale them across the region.",
]


TOPICS = {
    "work-based-learning": "apprenticeships",
    "rpl-certification": "recognition of prior learning",
    "career-guidance": "career guidance",
    "skills-data": "skills anticipation",
    "skills-ecosystem": "industry partnerships",
    "training-delivery": "training delivery",
    "social-inclusion": "inclusive training",
    "entrepreneurship": "entrepreneurship training",
    "core-life-skills": "life skills",
}


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


def logo_png(text: str, colour: str, *, size: int = 256) -> bytes:
    """A square logo: the initials in white on a coloured background."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=size // 3)
    except ImportError:  # Pillow built without FreeType: a small bitmap font still works
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), text, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalpha() and w[:1].isupper()]
    return "".join(w[0] for w in words[:2]) or name[:2].upper()


def seed(*, stdout) -> None:
    """Create the demo network. Idempotent: existing rows are kept as they are."""
    categories = list(SkillCategory.objects.active().values_list("slug", flat=True))
    expertise = list(Expertise.objects.values_list("slug", flat=True))
    org_specs, people = build_network(categories, expertise)
    category_ids = dict(SkillCategory.objects.values_list("slug", "pk"))
    expertise_ids = dict(Expertise.objects.values_list("slug", "pk"))
    language_ids = dict(Language.objects.values_list("code", "pk"))
    now = timezone.now()

    organizations = _seed_organizations(org_specs, language_ids)
    users = _seed_users(people)
    created_profiles = _seed_profiles(
        people, users, organizations, category_ids, expertise_ids, language_ids, now
    )
    _seed_groups(people, users)
    demo_mfa.seed_authenticators(users)  # staff must sign in with a second factor
    _seed_applications(people, users, created_profiles, now)
    listed = {
        p.org_slug
        for p in people
        if p.membership == MemberProfile.Membership.APPROVED and p.org_slug
    }
    # Organizations of approved members are approved; the others wait for review.
    Organization.objects.filter(
        slug__in=listed, review_status=Organization.ReviewStatus.PENDING
    ).update(review_status=Organization.ReviewStatus.APPROVED, reviewed_at=now)
    _seed_join_request(people, created_profiles, organizations, now)
    stdout.write(
        f"  {len(organizations)} demo organizations, {len(users)} demo people "
        f"({len(created_profiles)} new profiles)."
    )


def _seed_join_request(people, created_profiles, organizations, now) -> None:
    """One open request, for staff and the demo member to see: the first demo member of
    another organization asks to join Grace's (only when their profile is new)."""
    target = organizations["demo-nairobi-skills-lab"]
    asker = next(
        p
        for p in people
        if p.membership == MemberProfile.Membership.APPROVED and p.org_slug != target.slug
    )
    if asker.email in created_profiles:
        MemberProfile.objects.filter(user__email=asker.email).update(
            requested_organization=target, organization_requested_at=now
        )


def _seed_organizations(
    specs: list[OrgSpec], language_ids: dict[str, int]
) -> dict[str, Organization]:
    existing = {o.slug: o for o in Organization.objects.filter(slug__in=[s.slug for s in specs])}
    new = []
    for spec in specs:
        if spec.slug in existing:
            continue
        org = Organization(
            slug=spec.slug,
            name=spec.name,
            type=spec.type,
            country=spec.country,
            website=f"https://{spec.slug.removeprefix('demo-')}.example.org",
            description=spec.description,
            project_name=spec.project_name,
            project_objectives="Train 500 young people a year in skills local employers ask for.",
            project_beneficiaries="Young women and men not in employment, education or training.",
            project_impact="Two in three graduates find work within six months.",
            project_results="Curricula co-designed with employers; a network of host companies.",
        )
        org.logo.save(
            f"{spec.slug}.png", ContentFile(logo_png(_initials(spec.name), spec.colour)), save=False
        )
        new.append(org)
    Organization.objects.bulk_create(new)
    through = Organization.project_languages.through
    created = {o.slug for o in new}
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[s.slug for s in specs])}
    through.objects.bulk_create(
        [
            through(organization_id=orgs[spec.slug].pk, language_id=language_ids[code])
            for spec in specs
            if spec.slug in created
            for code in spec.project_languages
            if code in language_ids
        ],
        ignore_conflicts=True,
    )
    return orgs


def _seed_users(people: list[PersonSpec]) -> dict[str, User]:
    emails = [p.email for p in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [p for p in people if p.email not in existing]
    # Hashed once for everyone: hashing sixty times would take a minute.
    password = make_password(PASSWORD) if missing else ""
    User.objects.bulk_create(
        [
            User(
                email=p.email,
                password=password,
                is_staff=p.email in {"staff@example.org", "admin@example.org"},
                is_superuser=p.email == "admin@example.org",
            )
            for p in missing
        ]
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    verified = set(
        EmailAddress.objects.filter(user__in=users.values()).values_list("email", flat=True)
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=email, verified=True, primary=True)
            for email, user in users.items()
            if email not in verified
        ]
    )
    return users


def _seed_profiles(
    people, users, organizations, category_ids, expertise_ids, language_ids, now
) -> set[str]:
    have = set(
        MemberProfile.objects.filter(user__in=users.values()).values_list("user__email", flat=True)
    )
    new = []
    for p in people:
        if p.email in have:
            continue
        approved = p.membership == MemberProfile.Membership.APPROVED
        new.append(
            MemberProfile(
                user=users[p.email],
                full_name=p.full_name,
                organization=organizations.get(p.org_slug) if p.org_slug else None,
                organization_role=p.organization_role if p.org_slug else "",
                country=p.country,
                bio=p.bio,
                linkedin_url=f"https://www.linkedin.com/in/{slugify(p.full_name)}-demo",
                preferred_language=p.preferred_language,
                time_zone=p.time_zone,
                visibility=p.visibility,
                network_role=p.network_role,
                represented_region=p.represented_region,
                membership=p.membership,
                member_since=now - timedelta(days=p.days_ago) if approved else None,
            )
        )
    MemberProfile.objects.bulk_create(new)
    created = {p.user.email for p in new}
    profiles = {
        pr.user.email: pr
        for pr in MemberProfile.objects.filter(user__in=users.values()).select_related("user")
    }
    for name, attr, ids, key in (
        ("categories", "skillcategory_id", category_ids, "categories"),
        ("expertise", "expertise_id", expertise_ids, "expertise"),
        ("languages", "language_id", language_ids, "languages"),
    ):
        through = getattr(MemberProfile, name).through
        through.objects.bulk_create(
            [
                through(memberprofile_id=profiles[p.email].pk, **{attr: ids[value]})
                for p in people
                if p.email in created
                for value in getattr(p, key)
                if value in ids
            ],
            ignore_conflicts=True,
        )
    return created


def _seed_groups(people: list[PersonSpec], users: dict[str, User]) -> None:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in Role.values}
    role_groups = {
        MemberProfile.NetworkRole.CORE: Role.CORE_GROUP.value,
        MemberProfile.NetworkRole.REGIONAL_REP: Role.REGIONAL_REP.value,
    }
    through = User.groups.through
    rows = []
    for p in people:
        wanted = list(p.extra_groups)
        if p.membership == MemberProfile.Membership.APPROVED:
            wanted.append(Role.MEMBER.value)
            if p.network_role in role_groups:
                wanted.append(role_groups[p.network_role])
        rows += [through(user_id=users[p.email].pk, group_id=groups[name].pk) for name in wanted]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def _seed_applications(people, users, created_profiles: set[str], now) -> None:
    staff = users.get("staff@example.org")
    profiles = {
        pr.user.email: pr
        for pr in MemberProfile.objects.filter(user__email__in=created_profiles).select_related(
            "user"
        )
    }
    status_of = {
        MemberProfile.Membership.APPROVED: MembershipApplication.Status.APPROVED,
        MemberProfile.Membership.PENDING: MembershipApplication.Status.PENDING,
        MemberProfile.Membership.DECLINED: MembershipApplication.Status.DECLINED,
    }
    rng = random.Random(SEED + 1)
    applications = []
    for p in people:
        if p.email not in profiles or p.membership not in status_of:
            continue
        status = status_of[p.membership]
        submitted = now - timedelta(
            days=p.days_ago + 7
            if status == MembershipApplication.Status.APPROVED
            else rng.randint(1, 20)
        )
        decided = status != MembershipApplication.Status.PENDING
        applications.append(
            MembershipApplication(
                profile=profiles[p.email],
                status=status,
                motivation="We want to learn from other skills innovators and find partners for our next project.",
                needs=rng.sample(MembershipApplication.Need.values, k=3),
                challenges="Finding funding for a second cohort; reaching employers outside the capital.",
                workshop_topics="Outcome-based financing; recognition of prior learning.",
                can_host_peer_sessions=rng.random() < 0.4,
                can_translate=rng.random() < 0.3,
                submitted_at=submitted,
                decided_at=submitted + timedelta(days=5) if decided else None,
                decided_by=staff if decided else None,
                decision_reason=(
                    "Your organization does not yet work on skills development; please apply again "
                    "when your training programme starts."
                    if status == MembershipApplication.Status.DECLINED
                    else ""
                ),
            )
        )
    MembershipApplication.objects.bulk_create(applications)


def print_accounts(*, stdout) -> None:
    stdout.write("")
    stdout.write(
        "Demo accounts (email addresses verified), all with the password " + PASSWORD + ":"
    )
    for email, what in ACCOUNTS:
        stdout.write(f"  {email:<22} {what}")
    demo_mfa.print_instructions(stdout=stdout)

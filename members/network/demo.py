"""Demo data for the network map (`manage.py seed_demo`, after members' demo): tops the
demo network up to about 60 approved organizations across the five regions, gives demo
projects their objectives and results, and computes the map. The first run grows the
network month by month over the last six months, so the health page has a history.
Idempotent: existing rows are kept, and later runs only refresh the map."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import Region, region_for_country

from ..demo.data import PALETTE, PLACES, REGION_LANGUAGES
from ..demo.logos import logo_file
from ..models import MemberProfile, Organization, OrganizationType, User
from .models import HealthSnapshot
from .services import network_refresh

TARGET = 60
HISTORY_MONTHS = 6
SEED = 1604
STEMS = [
    "Bridge", "Harvest", "Forge", "Compass", "Lantern", "Keystone", "Horizon", "Weave",
    "Anchor", "Summit", "Spark", "Orchard", "Atlas", "Beacon", "Delta", "Meridian",
    "Pioneer", "Canopy", "Tandem", "Quarry",
]
PROJECT = {
    "objectives": "Train {n} young people a year in {topic} and place them with employers.",
    "beneficiaries": "Young women and men out of work or school; small employers in {country}.",
    "impact": "{pct}% of graduates in work six months after the course.",
    "results": "{n} trained in the last cycle, {m} employers involved.",
}


def _months_back(today: dt.date, count: int) -> list[dt.datetime]:
    """Mid-month moments of the last `count` months, oldest first (this month last)."""
    moments = []
    year, month = today.year, today.month
    for _ in range(count):
        moments.append(dt.datetime(year, month, 15, 12, tzinfo=dt.UTC))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return moments[::-1]


def _extra_organizations(needed: int, rng: random.Random) -> list[Organization]:
    categories = list(SkillCategory.objects.active())
    expertise = list(Expertise.objects.all())
    languages = {language.code: language for language in Language.objects.all()}
    regions = list(Region)
    created = []
    for i in range(needed):
        region = regions[i % len(regions)]
        country, _tz = rng.choice(PLACES[region])
        name = f"{STEMS[i % len(STEMS)]} Skills Network {country}"
        slug = f"demo-map-{slugify(name)}"
        organization = Organization.objects.filter(slug=slug).first()
        if organization is not None:
            continue
        organization = Organization.objects.create(
            name=name,
            slug=slug,
            type=rng.choice(list(OrganizationType)).value,
            country=country,
            description=f"{name} connects training centres and employers in {country}.",
            project_name=f"{STEMS[i % len(STEMS)]} apprenticeships",
            review_status=Organization.ReviewStatus.PENDING,
        )
        logo = logo_file(name, PALETTE[i % len(PALETTE)])
        organization.logo.save(logo.name, logo, save=True)
        wanted = {"en", rng.choice(REGION_LANGUAGES[region])}
        organization.project_languages.set([languages[c] for c in wanted if c in languages])
        user = User.objects.create(
            email=f"demo.map{i + 1:02d}@example.org", password=make_password(None)
        )
        profile = MemberProfile.objects.create(
            user=user,
            full_name=f"{STEMS[i % len(STEMS)]} coordinator",
            organization=organization,
            country=country,
            membership=MemberProfile.Membership.APPROVED,
            member_since=timezone.now(),
            visibility=MemberProfile.Visibility.PUBLIC,
        )
        if categories:
            profile.categories.set(rng.sample(categories, k=min(len(categories), rng.randint(1, 3))))
        if expertise:
            profile.expertise.set(rng.sample(expertise, k=min(len(expertise), rng.randint(1, 3))))
        created.append(organization)
    return created


def _describe_projects(rng: random.Random) -> None:
    """Objectives, beneficiaries, impact and results for demo projects that have none."""
    for organization in Organization.objects.filter(slug__startswith="demo-", project_objectives=""):
        values = {
            "n": rng.randint(40, 600),
            "m": rng.randint(5, 80),
            "pct": rng.randint(45, 85),
            "topic": organization.project_name.lower() or "trades",
            "country": organization.country.name,
        }
        for field, text in PROJECT.items():
            setattr(organization, f"project_{field}", text.format(**values))
        organization.save(update_fields=[f"project_{f}" for f in PROJECT] + ["updated_at"])


def seed(*, stdout) -> None:
    rng = random.Random(SEED)
    listed = Organization.objects.listed().count()
    extra = _extra_organizations(max(TARGET - listed, 0), rng)
    _describe_projects(rng)
    if not HealthSnapshot.objects.exists():
        # Approve the new organizations a few at a time, one step per past month.
        moments = _months_back(timezone.localdate(), HISTORY_MONTHS)
        batches = [extra[i :: len(moments)] for i in range(len(moments))]
        for moment, batch in zip(moments, batches, strict=True):
            Organization.objects.filter(pk__in=[o.pk for o in batch]).update(
                review_status=Organization.ReviewStatus.APPROVED, reviewed_at=moment
            )
            network_refresh(now=moment)
    else:
        Organization.objects.filter(pk__in=[o.pk for o in extra]).update(
            review_status=Organization.ReviewStatus.APPROVED, reviewed_at=timezone.now()
        )
    network_refresh(force=True)
    regions = {region_for_country(str(c)) for c in Organization.objects.listed().values_list("country", flat=True)}
    stdout.write(
        f"  Network map: {Organization.objects.listed().count()} organizations in "
        f"{len(regions - {''})} regions, {HealthSnapshot.objects.count()} monthly snapshots."
    )

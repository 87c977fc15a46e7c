"""The network map at scale: 1,000 approved organizations (about 5,000 links between
them), the metrics job timed once, then N requests of the map's JSON and its text version
through Django's test Client (the whole middleware stack, DEBUG off, nothing cached: each
request reads the stored graph and filters it). Figures in bench/README.md. Run with a
database it may drop (its name must contain "bench"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/np_map_bench \\
        .venv/bin/python bench/network_map.py --organizations 1000 --requests 200
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

URLS = [
    ("map JSON, whole network", "/members/map/data.json"),
    ("map JSON, one region", "/members/map/data.json?region=africa"),
    ("map JSON, category + keyword", "/members/map/data.json?category=bench-category-1&keyword=bench-keyword-3"),
    ("map JSON, focus on one organization", "/members/map/data.json?focus=bench-organization-17"),
    ("text version, page 1", "/members/map/list/"),
]


def seed_network(count: int, *, seed: int = 16, keywords: int = 260) -> None:
    """`count` approved organizations with one approved public member each, in every
    region, with 1–2 of 9 categories, 2–3 of `keywords` keywords and 1–2 project
    languages: about five links per organization at the default threshold."""
    from django.contrib.auth.hashers import make_password

    from members.models import MemberProfile, Organization, User
    from taxonomy.models import Expertise, Language, SkillCategory
    from taxonomy.regions import COUNTRY_REGION

    rng = random.Random(seed)
    categories = [
        SkillCategory.objects.get_or_create(slug=f"bench-category-{i}", defaults={"name_en": f"Category {i}"})[0]
        for i in range(9)
    ]
    expertise = [
        Expertise.objects.get_or_create(slug=f"bench-keyword-{i}", defaults={"name_en": f"Keyword {i}"})[0]
        for i in range(keywords)
    ]
    languages = [
        Language.objects.get_or_create(code=code, defaults={"name_en": code.upper()})[0]
        for code in ("en", "fr", "es", "ar", "pt", "sw", "hi", "ru")
    ]
    countries = sorted(COUNTRY_REGION)
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Bench Organization {i}",
            slug=f"bench-organization-{i}",
            type="ngo",
            country=rng.choice(countries),
            review_status=Organization.ReviewStatus.APPROVED,
            project_objectives="Train young people in trades employers need.",
        )
        for i in range(count)
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.org", password=password) for i in range(count)
    )
    profiles = MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            full_name=f"Bench Person {i}",
            organization=organization,
            country=organization.country,
            membership=MemberProfile.Membership.APPROVED,
            visibility=MemberProfile.Visibility.PUBLIC,
        )
        for i, (user, organization) in enumerate(zip(users, organizations, strict=True))
    )
    MemberProfile.categories.through.objects.bulk_create(
        MemberProfile.categories.through(memberprofile_id=p.pk, skillcategory_id=c.pk)
        for p in profiles
        for c in rng.sample(categories, k=rng.randint(1, 2))
    )
    MemberProfile.expertise.through.objects.bulk_create(
        MemberProfile.expertise.through(memberprofile_id=p.pk, expertise_id=e.pk)
        for p in profiles
        for e in rng.sample(expertise, k=rng.randint(2, 3))
    )
    Organization.project_languages.through.objects.bulk_create(
        Organization.project_languages.through(organization_id=o.pk, language_id=lang.pk)
        for o in organizations
        for lang in {languages[0], rng.choice(languages)}
    )


def _recreate_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit("The database name must contain 'bench': this script drops it.")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    _recreate_database(os.environ["DATABASE_URL"])
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="false", SITE_URL="http://testserver",
        CACHE_DIR=tempfile.mkdtemp(prefix="portal-bench-cache-"), REDIS_URL="", LOG_LEVEL="WARNING",
        STATIC_ROOT=tempfile.mkdtemp(prefix="portal-bench-static-"),
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client

    from members.network.models import Audience, NetworkGraph
    from members.network.services import network_refresh

    seed_network(args.organizations)
    print(f"load average before: {os.getloadavg()[0]:.2f}; code: {ROOT}")
    started = time.perf_counter()
    network_refresh(force=True)
    job = time.perf_counter() - started
    data = NetworkGraph.objects.get(audience=Audience.PUBLIC).data
    client = Client()
    whole = client.get("/members/map/data.json").json()
    print(
        f"metrics job (both audiences): {job:.1f} s for {args.organizations} organizations, "
        f"{len(data['edges'])} links between organizations; the whole map's JSON has "
        f"{len(whole['nodes'])} nodes and {len(whole['edges'])} edges"
    )
    print("| request | p50 ms | p95 ms | p99 ms | CPU ms/request | bytes |\n|---|---:|---:|---:|---:|---:|")
    for name, url in URLS:
        for _ in range(5):
            client.get(url)
        timings = []
        size = 0
        cpu = time.process_time()
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
        cuts = statistics.quantiles(timings, n=100)
        print(f"| {name} | {cuts[49]:.0f} | {cuts[94]:.0f} | {cuts[98]:.0f} | {cpu_ms:.0f} | {size:,} |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

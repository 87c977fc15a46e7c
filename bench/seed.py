"""Seed many realistic funding calls fast (bulk_create in batches, then one
update_search_vectors()). Used by bench/funds_list.py; also handy for a local demo:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        .venv/bin/python -m bench.seed 2000

Deterministic for a given seed so that runs are comparable.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time
from datetime import timedelta

# Domain words: each call is about one or two of them (title) and mentions a few more
# (description), so a query for one of them matches a few percent of the catalogue, as in
# a real one; the filler around them comes from a Zipf-distributed pseudo-vocabulary.
DOMAIN = [
    "apprenticeship", "TVET", "digital", "green", "youth", "women", "refugees", "migrants",
    "agriculture", "construction", "tourism", "healthcare", "care", "coding", "robotics",
    "solar", "entrepreneurship", "microfinance", "incubation", "mentoring", "upskilling",
    "reskilling", "micro-credentials", "certification", "RPL", "guidance", "counselling",
    "placement", "internships", "traineeships", "literacy", "numeracy", "e-learning",
    "MOOCs", "teachers", "trainers", "curriculum", "assessment", "quality", "accreditation",
    "employers", "unions", "cooperatives", "informality", "platform", "gig", "automation",
    "AI", "data", "foresight", "anticipation", "labour-market", "statistics", "research",
    "innovation", "pilot", "scaling", "outcomes", "impact-bond", "vouchers", "subsidies",
    "loans", "equity", "grants", "prizes", "fellowships", "accelerators", "hackathons",
    "disability", "inclusion", "rural", "urban", "coastal", "mining", "textiles", "logistics",
    "maritime", "hospitality", "creative", "crafts", "energy", "water", "climate",
    "formación", "aprendizaje", "emploi", "compétences", "jeunes",
]
KINDS = ["Fund", "Challenge", "Grant programme", "Innovation call", "Facility", "Prize", "Accelerator", "Initiative"]
PLACES = ["Africa", "Asia-Pacific", "Latin America", "the Sahel", "East Africa", "the Western Balkans", "South Asia", "the Arab States", "Central America", "worldwide"]
SYLLABLES = ["ka", "lo", "mi", "ra", "te", "vu", "zen", "pol", "dar", "que", "sim", "bor", "fle", "nat", "gru", "hex", "wis", "yor"]


def _vocabulary(rng: random.Random, size: int = 4_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _filler(rng: random.Random, vocabulary: list[str], cum_weights: list[float], n_words: int) -> str:
    words = rng.choices(vocabulary, cum_weights=cum_weights, k=n_words)
    sentences, step = [], 12
    for i in range(0, len(words), step):
        sentences.append(" ".join(words[i : i + step]).capitalize() + ".")
    return " ".join(sentences)


def seed_calls(n: int, *, seed: int = 20_260_101, batch: int = 2_000, verbose: bool = True) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
    from funds.models import Funder, FundingCall
    from funds.search import update_search_vectors
    from taxonomy.models import Language, SkillCategory
    from taxonomy.regions import COUNTRY_REGION, Region, region_for_country

    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))  # Zipf
    now = timezone.now()
    started = time.perf_counter()
    categories = list(SkillCategory.objects.values_list("pk", flat=True))
    languages = list(Language.objects.filter(code__in=["en", "fr", "es", "ar", "pt"]).values_list("pk", flat=True)) or list(
        Language.objects.values_list("pk", flat=True)[:3]
    )
    countries = sorted(COUNTRY_REGION)
    regions = list(Region.values)

    with transaction.atomic():
        funders = Funder.objects.bulk_create(
            [
                Funder(name=f"Bench funder {i}", slug=f"bench-funder-{i}", type=rng.choice(FunderType.values), country=rng.choice(["", "", *countries[:40]]))
                for i in range(max(50, n // 100))
            ],
            batch_size=batch,
        )
    call_through = FundingCall.categories.through
    lang_through = FundingCall.languages.through
    done = 0
    while done < n:
        size = min(batch, n - done)
        calls = []
        for i in range(done, done + size):
            is_global = rng.random() < 0.15
            eligible_regions = [] if is_global else rng.sample(regions, k=rng.choice([0, 0, 1, 1, 2]))
            eligible_countries = [] if is_global or eligible_regions else rng.sample(countries, k=rng.randint(1, 6))
            region_index = sorted(set(eligible_regions) | {region_for_country(c) for c in eligible_countries} - {""})
            rolling = rng.random() < 0.08
            deadline = None if rolling else now + timedelta(days=rng.uniform(-200, 400), hours=rng.randint(0, 23))
            opens_on = (now + timedelta(days=rng.randint(5, 60))).date() if (deadline and deadline > now + timedelta(days=90) and rng.random() < 0.1) else None
            amount = round(10 ** rng.uniform(3.5, 6.7), -3)
            status = EditorialStatus.PUBLISHED if rng.random() < 0.92 else rng.choice([EditorialStatus.DRAFT, EditorialStatus.ARCHIVED, EditorialStatus.PENDING])
            topics = rng.sample(DOMAIN, k=5)
            published_at = now - timedelta(days=rng.uniform(0, 720)) if status == EditorialStatus.PUBLISHED else None
            description = (
                "## About\n\n" + _filler(rng, vocabulary, weights, rng.randint(120, 360))
                + f" The call supports skills projects on {topics[2]} and {topics[3]}.\n\n"
                + "## Who can apply\n\n" + _filler(rng, vocabulary, weights, rng.randint(40, 120))
                + f" Experience with {topics[4]} is an advantage."
            )
            calls.append(
                FundingCall(
                    title=f"{topics[0].capitalize()} {rng.choice(KINDS)} for {rng.choice(PLACES)} #{i}",
                    slug=f"bench-call-{i}",
                    funder=rng.choice(funders),
                    summary=f"Support for {topics[0]} and {topics[1]} projects led by local organizations. "
                    + _filler(rng, vocabulary, weights, 20),
                    description=description,
                    instrument=rng.choice(Instrument.values),
                    tags=", ".join(topics[:2]),
                    is_global=is_global,
                    eligible_regions=eligible_regions,
                    eligible_countries=eligible_countries,
                    region_index=region_index,
                    applicant_types=rng.sample(ApplicantType.values, k=rng.randint(1, 4)),
                    amount_min=amount / 5,
                    amount_max=amount,
                    currency="USD",
                    amount_usd=amount,
                    opens_on=opens_on,
                    deadline=deadline,
                    deadline_timezone=rng.choice(["UTC", "Europe/Paris", "Africa/Nairobi", "America/Bogota", "Asia/Bangkok", "Pacific/Auckland"]),
                    is_rolling=rolling,
                    apply_url=f"https://funder.example.org/apply/{i}",
                    source_url=f"https://funder.example.org/calls/{i}",
                    status=status,
                    published_at=published_at,
                    announced_at=published_at,
                    last_verified_at=published_at,
                    created_at=published_at or now,
                )
            )
        with transaction.atomic():
            created = FundingCall.objects.bulk_create(calls, batch_size=batch)
            call_through.objects.bulk_create(
                [
                    call_through(fundingcall_id=c.pk, skillcategory_id=cat)
                    for c in created
                    for cat in rng.sample(categories, k=min(len(categories), rng.choice([1, 1, 2, 2, 3])))
                ],
                batch_size=batch * 3,
            )
            if languages:
                lang_through.objects.bulk_create(
                    [
                        lang_through(fundingcall_id=c.pk, language_id=lang)
                        for c in created
                        for lang in rng.sample(languages, k=min(len(languages), rng.choice([1, 1, 2])))
                    ],
                    batch_size=batch * 3,
                )
        done += size
        if verbose:
            print(f"  seeded {done:,}/{n:,} calls ({time.perf_counter() - started:.1f}s)", flush=True)
    with transaction.atomic():
        update_search_vectors()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("funds_fundingcall", "funds_fundingcall_categories", "funds_fundingcall_languages", "funds_funder"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    if verbose:
        print(f"  search vectors and statistics done ({time.perf_counter() - started:.1f}s)", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")
    import django

    django.setup()
    seed_calls(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)

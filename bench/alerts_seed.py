"""The data of the alert-matching benchmark (bench/alerts_matching.py): people, alerts
drawn as people build them on /funds/ (MIXES), and newly published calls, all written
with bulk_create."""

from __future__ import annotations

import random
import time
from datetime import timedelta
from decimal import Decimal

WORDS = [
    "apprenticeship", "green", "digital", "youth", "women", "refugees", "tvet", "entrepreneurship",
    "agriculture", "climate", "care", "migration", "informal", "reskilling", "inclusion", "innovation",
]
COUNTRIES = ["KE", "NG", "GH", "SN", "ZA", "EG", "BR", "CO", "MX", "PE", "IN", "ID", "PH", "BD", "VN",
             "JO", "LB", "FR", "TR", "UA", "UZ", "KZ", "MA", "TN", "ET"]

# Share of alerts that set each criterion (the rest leave it empty: "any"), and how many
# values they pick. "broad": most alerts come from a /funds/ selection with a category or
# two, often a region, sometimes who can apply or a type of support, rarely words or
# amounts (about 3 criteria; an alert matches ~7% of new calls). "narrow": selections
# refined further (about 4.5 criteria; ~1-2% of new calls).
MIXES = {
    "broad": {
        "categories": (0.85, 1, 2),
        "regions": (0.50, 1, 1),
        "countries": (0.15, 1, 2),
        "instruments": (0.35, 1, 3),
        "funder_types": (0.15, 1, 2),
        "applicant_types": (0.40, 1, 2),
        "languages": (0.20, 1, 1),
        "amount_min_usd": (0.20, 1, 1),
        "amount_max_usd": (0.10, 1, 1),
        "q": (0.20, 1, 2),
    },
    "narrow": {
        "categories": (0.95, 1, 2),
        "regions": (0.70, 1, 1),
        "countries": (0.20, 1, 2),
        "instruments": (0.55, 1, 3),
        "funder_types": (0.20, 1, 2),
        "applicant_types": (0.65, 1, 2),
        "languages": (0.30, 1, 1),
        "amount_min_usd": (0.30, 1, 1),
        "amount_max_usd": (0.15, 1, 1),
        "q": (0.30, 1, 2),
    },
}
PAUSED_SHARE = 0.05


def pick(rng: random.Random, values: list, share: float, low: int, high: int) -> list:
    if rng.random() >= share:
        return []
    return rng.sample(values, min(len(values), rng.randint(low, high)))


def seed(args, rng: random.Random) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from funds.alerts.matching import sync_alert_signature
    from funds.alerts.models import Alert, Frequency
    from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
    from funds.models import CallDismissal, Funder, FundingCall
    from funds.search import update_search_vectors
    from members.models import User
    from taxonomy.models import Language, SkillCategory
    from taxonomy.regions import Region

    started = time.perf_counter()
    now = timezone.now()
    mix = MIXES[args.mix]
    categories = list(SkillCategory.objects.all())
    languages = list(Language.objects.all())
    codes = [lang.code for lang in languages]
    instruments, funder_types = list(Instrument.values), list(FunderType.values)
    applicant_types, regions = list(ApplicantType.values), list(Region.values)

    with transaction.atomic():
        User.objects.bulk_create(
            [User(email=f"bench{i}@example.org", password="!", is_active=rng.random() > 0.02) for i in range(args.users)],
            batch_size=5_000,
        )
        user_ids = list(User.objects.values_list("pk", flat=True))

        funders = Funder.objects.bulk_create(
            [Funder(name=f"Bench funder {i}", slug=f"bench-funder-{i}", type=rng.choice(funder_types)) for i in range(60)]
        )
        calls = []
        for i in range(args.calls):
            is_global = rng.random() < 0.2
            call = FundingCall(
                title=f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)} skills call {i}",
                slug=f"bench-call-{i}",
                funder=rng.choice(funders),
                summary=" ".join(rng.sample(WORDS, 4)) + " for decent work.",
                description="Support for " + " ".join(rng.sample(WORDS, 6)) + ".",
                instrument=rng.choice(instruments[:8]),
                is_global=is_global,
                eligible_regions=[] if is_global else rng.sample(regions, rng.choice([0, 1, 1, 2])),
                eligible_countries=[] if is_global else rng.sample(COUNTRIES, rng.choice([0, 0, 1, 3])),
                applicant_types=rng.sample(applicant_types, rng.randint(1, 3)),
                amount_usd=rng.choice([None, Decimal(20_000), Decimal(75_000), Decimal(250_000), Decimal(1_000_000)]),
                status=EditorialStatus.PUBLISHED,
                is_rolling=rng.random() < 0.1,
                deadline=now + timedelta(days=rng.randint(10, 150)),
                published_at=now - timedelta(minutes=1),
                announced_at=now - timedelta(minutes=1),
            )
            call.region_index = call.computed_region_index()
            calls.append(call)
        calls = FundingCall.objects.bulk_create(calls, batch_size=1_000)
        call_ids = [c.pk for c in calls]
        through = FundingCall.categories.through
        through.objects.bulk_create(
            [through(fundingcall_id=c.pk, skillcategory_id=cat.pk) for c in calls for cat in rng.sample(categories, rng.randint(1, 2))]
        )
        lang_through = FundingCall.languages.through
        lang_through.objects.bulk_create(
            [lang_through(fundingcall_id=c.pk, language_id=lang.pk) for c in calls for lang in rng.sample(languages[:6], rng.randint(1, 2))]
        )
        update_search_vectors(call_ids)

        CallDismissal.objects.bulk_create(
            [CallDismissal(user_id=u, call_id=c) for u in rng.sample(user_ids, len(user_ids) // 10)
             for c in rng.sample(call_ids, 3)],
            ignore_conflicts=True, batch_size=5_000,
        )

        alerts, alert_categories = [], []
        for i in range(args.alerts):
            chosen = pick(rng, categories, *mix["categories"])
            alert = Alert(
                user_id=rng.choice(user_ids),
                name=f"Alert {i}",
                frequency=rng.choice([Frequency.INSTANT, Frequency.DAILY, Frequency.DAILY, Frequency.WEEKLY]),
                paused=rng.random() < PAUSED_SHARE,
                regions=pick(rng, regions, *mix["regions"]),
                countries=pick(rng, COUNTRIES, *mix["countries"]),
                instruments=pick(rng, instruments[:8], *mix["instruments"]),
                funder_types=pick(rng, funder_types, *mix["funder_types"]),
                applicant_types=pick(rng, applicant_types, *mix["applicant_types"]),
                languages=pick(rng, codes[:6], *mix["languages"]),
                amount_min_usd=Decimal(rng.choice([10_000, 50_000, 100_000])) if rng.random() < mix["amount_min_usd"][0] else None,
                amount_max_usd=Decimal(rng.choice([300_000, 2_000_000])) if rng.random() < mix["amount_max_usd"][0] else None,
                q=" ".join(pick(rng, WORDS, *mix["q"])),
            )
            alerts.append(sync_alert_signature(alert))
            alert_categories.append(chosen)
        alerts = Alert.objects.bulk_create(alerts, batch_size=5_000)
        alert_through = Alert.categories.through
        alert_through.objects.bulk_create(
            [alert_through(alert_id=a.pk, skillcategory_id=c.pk) for a, chosen in zip(alerts, alert_categories, strict=True)
             for c in chosen],
            batch_size=10_000,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"seconds": time.perf_counter() - started, "call_ids": call_ids, "alert_ids": [a.pk for a in alerts]}

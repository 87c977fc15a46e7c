"""Creating the demo funders and calls (bulk inserts, one search-vector update at the
end); `seed` does nothing when demo calls already exist."""

from __future__ import annotations

import random
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django_countries import countries as country_names

from core.audit.models import AuditEntry
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region, region_for_country

from ..choices import ApplicantType, EditorialStatus, FunderType, Instrument, Source
from ..models import CallRound, Funder, FundingCall
from ..search import update_search_vectors
from .data import (
    AWARD,
    CALLS,
    DEMO_URL_MARK,
    DESCRIPTION,
    DESCRIPTION_PARTS,
    EU_PARTNER_REGIONS,
    FUNDERS,
    INSTRUMENT_WORDS,
    INSTRUMENTS_BY_FUNDER_TYPE,
    SAMPLE_COUNTRIES,
    SUMMARIES,
    THEMES,
    TIME_ZONES,
    USD_RATES,
    WHERE,
    WHO,
    WORLDWIDE,
)

__all__ = ["seed"]


def _in_currency(usd: int | None, rate: float) -> int | None:
    """`usd` in a currency worth `rate` USD a unit, rounded to two significant figures
    (25,000 USD is 3,200,000 KES, not 3,246,753)."""
    if not usd:
        return None
    value = usd / rate
    return int(round(value, -max(len(str(int(value))) - 2, 0)))


def _where(lang: str, *, is_global: bool, regions: list[str], countries: list[str]) -> str:
    """Where applicants must be, written in the call's own language."""
    if is_global:
        return WORLDWIDE[lang]
    with translation.override(lang):
        if regions:
            places = ", ".join(str(Region(r).label) for r in regions)
        else:
            places = ", ".join(str(country_names.name(c)) for c in countries)
    return WHERE[lang].format(places=places)


def _amounts(rng: random.Random, instrument: str) -> tuple[int | None, int | None]:
    """Smallest and largest award in USD (the generator converts them to the funder's
    currency)."""
    ranges = {
        Instrument.LOAN: (100_000, 5_000_000),
        Instrument.EQUITY: (250_000, 2_000_000),
        Instrument.IMPACT_BOND: (1_000_000, 10_000_000),
        Instrument.CROWDFUNDING: (1_000, 50_000),
        Instrument.FELLOWSHIP: (5_000, 40_000),
        Instrument.CHALLENGE: (10_000, 250_000),
        Instrument.TECHNICAL_ASSISTANCE: (None, None),
    }
    low, high = ranges.get(instrument, (20_000, 1_500_000))
    if low is None:
        return None, None
    top = rng.randrange(low, high + 1, max(1, (high - low) // 20) or 1)
    bottom = rng.choice([None, top // 10, top // 4, top // 2])
    return bottom, top


def _when(rng: random.Random, now: datetime, tz_name: str) -> dict:
    """Dates for one call, spread over the lifecycles people see."""
    tz = zoneinfo.ZoneInfo(tz_name)
    roll = rng.random()

    def at(days: int) -> datetime:
        day = (now + timedelta(days=days)).astimezone(tz).date()
        return datetime.combine(day, time(rng.choice([12, 17, 23]), 59 if rng.random() < 0.5 else 0), tzinfo=tz)

    if roll < 0.15:  # upcoming
        opens = rng.randint(5, 60)
        return {"opens_on": (now + timedelta(days=opens)).date(), "deadline": at(opens + rng.randint(30, 120)), "is_rolling": False}
    if roll < 0.27:  # closing soon
        return {"opens_on": (now - timedelta(days=rng.randint(30, 90))).date(), "deadline": at(rng.randint(1, 13)), "is_rolling": False}
    if roll < 0.65:  # open
        return {"opens_on": rng.choice([None, (now - timedelta(days=rng.randint(1, 60))).date()]), "deadline": at(rng.randint(15, 200)), "is_rolling": False}
    if roll < 0.85:  # closed
        days = rng.randint(1, 240)
        return {"opens_on": (now - timedelta(days=days + rng.randint(30, 90))).date(), "deadline": at(-days), "is_rolling": False}
    return {"opens_on": None, "deadline": None, "is_rolling": True}


def seed(*, stdout=None) -> int:
    """Create the demo funders and calls; return how many calls were created (0 when
    demo calls already exist)."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    if FundingCall.objects.filter(source_url__contains=DEMO_URL_MARK).exists():
        say("Funding calls: demo calls already exist, nothing to do.")
        return 0
    with transaction.atomic():
        created = _seed()
    say(f"Funding calls: created {created} demo calls from {len(FUNDERS)} funders.")
    return created


def _seed() -> int:
    rng = random.Random(2026)
    now = timezone.now()
    categories = {c.slug: c for c in SkillCategory.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    themes = [(slug, theme) for slug, items in THEMES.items() if slug in categories for theme in items]
    if not themes:  # taxonomy missing (should come from members' migration)
        themes = [(None, theme) for items in THEMES.values() for theme in items]

    existing = {f.name: f for f in Funder.objects.filter(name__in=[f[0] for f in FUNDERS])}
    new_funders = [
        Funder(
            name=name,
            slug=slugify(name)[:200],
            type=type_,
            country=country,
            website=f"https://www.{slugify(name)[:40].strip('-')}.example.org/",
            description=f"{name} supports skills development and decent work.",
        )
        for name, type_, country, _currency, _lang in FUNDERS
        if name not in existing
    ]
    taken_funder_slugs = set(Funder.objects.values_list("slug", flat=True))
    for funder in new_funders:
        base, n = funder.slug, 2
        while funder.slug in taken_funder_slugs:
            funder.slug, n = f"{base}-{n}", n + 1
        taken_funder_slugs.add(funder.slug)
    Funder.objects.bulk_create(new_funders)
    funders = {f.name: f for f in Funder.objects.filter(name__in=[f[0] for f in FUNDERS])}
    all_funders = list(funders.values())

    taken_slugs = set(FundingCall.objects.values_list("slug", flat=True))
    calls: list[FundingCall] = []
    m2m: list[tuple[list, list, list]] = []
    rounds_for: dict[int, list[tuple[str, datetime]]] = {}
    year = now.year

    for i in range(CALLS):
        name, ftype, fcountry, currency, title_lang = FUNDERS[i % len(FUNDERS)] if i < len(FUNDERS) else rng.choice(FUNDERS)
        funder = funders[name]
        instrument = rng.choice(INSTRUMENTS_BY_FUNDER_TYPE[ftype])
        category_slug, theme = rng.choice(themes)
        lang = title_lang if rng.random() < 0.8 else "en"
        lang_index = {"en": 0, "fr": 1, "es": 2}[lang]
        word = INSTRUMENT_WORDS[instrument][lang_index]
        theme_text = theme[lang_index]
        edition = rng.choice([year, year, year + 1, f"{year} – Round {rng.randint(1, 4)}", ""])
        if lang == "en":
            title = f"{theme_text} {word} {edition}".strip()
        else:
            title = f"{word} : {theme_text} {edition}".strip() if lang == "fr" else f"{word}: {theme_text} {edition}".strip()

        # Who may apply
        is_global, regions, countries = False, [], []
        if fcountry and ftype in {FunderType.GOVERNMENT, FunderType.EMPLOYMENT_SERVICE, FunderType.LOCAL_GOVERNMENT}:
            countries = [fcountry]
        elif ftype == FunderType.EU:
            regions = sorted(r.value for r in rng.sample(EU_PARTNER_REGIONS, rng.randint(1, 3)))
        elif ftype == FunderType.DEVELOPMENT_BANK and fcountry:
            if name == "Islamic Development Bank":
                regions = [Region.AFRICA.value, Region.ARAB_STATES.value, Region.ASIA_PACIFIC.value]
            else:
                regions = [region_for_country(fcountry)]
            if rng.random() < 0.4:
                countries = rng.sample(SAMPLE_COUNTRIES[Region(regions[0])], 3)
                regions = []
        elif rng.random() < 0.4:
            is_global = True
        else:
            region = rng.choice(list(Region))
            if rng.random() < 0.5:
                regions = [region.value]
            else:
                countries = rng.sample(SAMPLE_COUNTRIES[region], rng.randint(1, 4))
        where = _where(lang, is_global=is_global, regions=regions, countries=countries)

        low_usd, high_usd = _amounts(rng, instrument)
        rate = USD_RATES.get(currency, 1)
        low, high = _in_currency(low_usd, rate), _in_currency(high_usd, rate)
        when = _when(rng, now, TIME_ZONES.get(fcountry, "UTC"))

        # Editorial state
        state_roll = rng.random()
        status, source, review_note = EditorialStatus.PUBLISHED, Source.STAFF, ""
        closed = when["deadline"] is not None and when["deadline"] < now
        if state_roll < 0.05:
            status, source = EditorialStatus.PENDING, Source.MEMBER
        elif state_roll < 0.08:
            status = EditorialStatus.DRAFT
        elif state_roll < 0.10:
            status, source = EditorialStatus.REJECTED, Source.MEMBER
            review_note = "This programme only funds government agencies, not network members."
        elif closed and state_roll < 0.30:
            status = EditorialStatus.ARCHIVED
        elif state_roll < 0.30:
            source = Source.IMPORT
        published_at = now - timedelta(days=rng.randint(1, 300)) if status in {EditorialStatus.PUBLISHED, EditorialStatus.ARCHIVED} else None

        slug = slugify(f"{name[:30]} {theme[0]} {INSTRUMENT_WORDS[instrument][0]}")[:280].strip("-") or "call"
        base, n = slug, 2
        while slug in taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        taken_slugs.add(slug)
        domain = slugify(name)[:40].strip("-")
        summary = rng.choice(SUMMARIES[lang]).format(
            who=rng.choice(WHO[lang]), theme=theme_text.lower(), where=where, award=rng.choice(AWARD[lang])
        )
        description = DESCRIPTION[lang].format(**{key: rng.choice(options) for key, options in DESCRIPTION_PARTS[lang].items()})
        cofinancing = ftype in {FunderType.EU, FunderType.DEVELOPMENT_BANK} and rng.random() < 0.6
        call = FundingCall(
            title=title[:300],
            slug=slug,
            funder=funder,
            reference=f"{''.join(w[0] for w in name.split() if w[0].isalpha()).upper()[:6]}-{year}-{i + 1:03d}" if rng.random() < 0.6 else "",
            summary=summary,
            description=description,
            instrument=instrument,
            tags=", ".join(rng.sample(["youth", "women", "green jobs", "digital", "informal economy", "refugees", "TVET", "rural", "innovation"], 2)),
            is_global=is_global,
            eligible_regions=regions,
            eligible_countries=countries,
            applicant_types=sorted(rng.sample([a.value for a in ApplicantType if a != ApplicantType.CONSORTIUM], rng.randint(1, 3))),
            amount_min=Decimal(low) if low else None,
            amount_max=Decimal(high) if high else None,
            currency=currency,
            amount_usd=Decimal(round(high * rate, 2)).quantize(Decimal("0.01")) if high else None,
            awards_count=rng.choice([None, 1, 3, 5, 10, 20, 50]),
            cofinancing_required=cofinancing,
            cofinancing_rate=Decimal(rng.choice([10, 20, 25, 50])) if cofinancing else None,
            opens_on=when["opens_on"],
            deadline=when["deadline"],
            deadline_timezone=TIME_ZONES.get(fcountry, "UTC"),
            is_rolling=when["is_rolling"],
            apply_url=f"https://apply.{domain}.example.org/{slug}",
            source_url=f"https://www.{domain}{DEMO_URL_MARK}{slug}",
            contact=f"calls@{domain}.example.org",
            status=status,
            source=source,
            review_note=review_note,
            last_verified_at=now - timedelta(days=rng.randint(0, 120)) if status == EditorialStatus.PUBLISHED else None,
            published_at=published_at,
            announced_at=published_at,
            created_at=(published_at or now) - timedelta(days=rng.randint(0, 20)),
        )
        call.region_index = call.computed_region_index()
        calls.append(call)

        cats = [categories[category_slug]] if category_slug else []
        extra = [c for c in categories.values() if c not in cats]
        cats += rng.sample(extra, rng.randint(0, 2)) if extra else []
        # One language per call: the one it is written in, in which it takes applications.
        langs = [languages[lang]] if lang in languages else []
        co = rng.sample([f for f in all_funders if f != funder], rng.choice([0, 0, 0, 1, 2]))
        m2m.append((cats, langs, co))
        if when["deadline"] and instrument in {Instrument.CALL_FOR_PROPOSALS, Instrument.CHALLENGE} and rng.random() < 0.25:
            rounds_for[i] = [
                ("Round 1", when["deadline"] - timedelta(days=90)),
                ("Round 2", when["deadline"] - timedelta(days=45)),
                ("Final round", when["deadline"]),
            ]

    FundingCall.objects.bulk_create(calls, batch_size=200)
    Category = FundingCall.categories.through
    Languages = FundingCall.languages.through
    CoFunders = FundingCall.co_funders.through
    Category.objects.bulk_create(
        [Category(fundingcall_id=c.pk, skillcategory_id=cat.pk) for c, (cats, _l, _f) in zip(calls, m2m, strict=True) for cat in cats]
    )
    Languages.objects.bulk_create(
        [Languages(fundingcall_id=c.pk, language_id=lang.pk) for c, (_c, langs, _f) in zip(calls, m2m, strict=True) for lang in langs]
    )
    CoFunders.objects.bulk_create(
        [CoFunders(fundingcall_id=c.pk, funder_id=f.pk) for c, (_c, _l, co) in zip(calls, m2m, strict=True) for f in co]
    )
    CallRound.objects.bulk_create(
        [
            CallRound(call=calls[i], name=name, deadline=deadline, opens_on=(deadline - timedelta(days=40)).date())
            for i, items in rounds_for.items()
            for name, deadline in items
        ]
    )
    call_type = ContentType.objects.get_for_model(FundingCall)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                content_type=call_type, object_id=str(c.pk), object_repr=str(c)[:200], action="funds.call.created",
                changes={"source": ["", "demo data"]}, created_at=c.created_at,
            )
            for c in calls
        ]
    )
    update_search_vectors([c.pk for c in calls])
    return len(calls)

"""Demo answers to the needs assessment for `manage.py seed_demo`: every demo member and
applicant answers the open version, in their own language, so the results page has
something to show. Deterministic (a fixed seed); idempotent (people who answered are
skipped)."""

from __future__ import annotations

import random

from members.models import MemberProfile, MembershipApplication

from . import catalogue
from .models import Response, Survey
from .services import response_submit

SEED = 2026
# Some needs are asked for far more often than others, as in the seed report.
NEED_WEIGHTS = {
    "funding": 10,
    "proposals": 7,
    "peer_exchange": 6,
    "ilo_expertise": 5,
    "translation": 4,
    "visibility": 3,
    "data": 3,
    "digital": 2,
    "events": 2,
}
REGION_SLOTS = {
    "africa": ["utc_09_12", "utc_12_15"],
    "americas": ["utc_12_15", "utc_15_18", "utc_18_21"],
    "arab-states": ["utc_06_09", "utc_09_12"],
    "asia-pacific": ["utc_06_09", "utc_09_12"],
    "europe-central-asia": ["utc_09_12", "utc_12_15", "utc_15_18"],
}
TEXTS = [
    "Employers do not yet trust our certificates.",
    "Nos formateurs manquent de temps pour préparer les dossiers de financement.",
    "Necesitamos datos del mercado laboral a nivel local.",
    "Connectivity in rural centres is poor.",
    "Il nous faut des partenaires dans le secteur privé.",
]


def _weighted_sample(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    pool, chosen = dict(weights), []
    for _ in range(min(k, len(pool))):
        pick = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(pick)
        del pool[pick]
    return chosen


def _answers(rng: random.Random, profile: MemberProfile, language_codes: set[str]) -> dict:
    spoken = [
        code for code in profile.languages.values_list("code", flat=True) if code in language_codes
    ]
    region = profile.region
    answers = {
        "needs": _weighted_sample(rng, NEED_WEIGHTS, rng.randint(1, 3)),
        "challenges": rng.sample(catalogue.Challenge.values, rng.randint(1, 3)),
        "categories": list(profile.categories.values_list("slug", flat=True)),
        "workshop_topics": rng.sample(catalogue.WorkshopTopic.values, rng.randint(1, 3)),
        "languages": sorted(set(spoken) | {profile.preferred_language or "en"}),
        "formats": rng.sample(catalogue.Format.values, rng.randint(1, 2)),
        "time_slots": rng.sample(REGION_SLOTS.get(region, ["utc_12_15"]), 1),
    }
    if rng.random() < 0.3:
        answers["challenges_other"] = rng.choice(TEXTS)
    return answers


def seed(*, stdout) -> None:
    survey = Survey.objects.open().first()
    if survey is None:
        return
    rng = random.Random(SEED)
    language_codes = {code for code, _label in catalogue.QUESTIONS["languages"].options()}
    answered = set(Response.objects.filter(survey=survey).values_list("profile", flat=True))
    profiles = (
        MemberProfile.objects.filter(membership__in=["approved", "pending"])
        .exclude(country="")
        .select_related("user")
        .order_by("pk")
    )
    count = 0
    for profile in profiles:
        answers = _answers(rng, profile, language_codes)  # drawn for everyone: stable answers
        if profile.pk in answered:
            continue
        application = (
            MembershipApplication.objects.filter(profile=profile, status="pending").first()
            if profile.membership == "pending"
            else None
        )
        response_submit(
            survey=survey,
            profile=profile,
            actor=profile.user,
            answers=answers,
            application=application,
            language=profile.preferred_language,
        )
        count += 1
    stdout.write(f"  {count} demo answers to the needs assessment")

"""Demo directory for find help (`manage.py seed_demo`): technical advisors, ILO offices
with a contact each, and the help some demo members offer. Idempotent (matched by
name); addresses are example.org."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from members.models import MemberProfile
from taxonomy.models import Expertise, Language, SkillCategory

from .models import HelpKind, HelpOffer, IloContact, IloOffice, TechnicalAdvisor

SEED = 2026

# name, kind, city, countries, region, working languages
OFFICES = [
    (
        "ILO Country Office for the United Republic of Tanzania, Kenya, Rwanda and Uganda",
        "country",
        "Dar es Salaam",
        "TZ KE RW UG",
        "africa",
        "en sw",
    ),
    (
        "ILO Country Office for Nigeria, Ghana, Liberia and Sierra Leone",
        "country",
        "Abuja",
        "NG GH LR SL",
        "africa",
        "en",
    ),
    (
        "ILO Decent Work Team and Country Office for the Sahel",
        "dwt",
        "Dakar",
        "SN CI ML BF NE MR",
        "africa",
        "fr en",
    ),
    (
        "ILO Country Office for Ethiopia and Somalia",
        "country",
        "Addis Ababa",
        "ET SO DJ",
        "africa",
        "en am",
    ),
    (
        "ILO Country Office for South Africa and Southern Africa",
        "country",
        "Pretoria",
        "ZA BW NA LS SZ",
        "africa",
        "en",
    ),
    (
        "ILO Country Office for the Maghreb countries",
        "country",
        "Algiers",
        "MA DZ TN LY",
        "africa",
        "fr ar",
    ),
    ("ILO Regional Office for Africa", "regional", "Abidjan", "", "africa", "fr en"),
    ("ILO Office for the Andean Countries", "dwt", "Lima", "PE CO BO EC VE", "americas", "es"),
    ("ILO Office for Mexico and Cuba", "country", "Mexico City", "MX CU", "americas", "es"),
    ("ILO Office for the Southern Cone", "country", "Santiago", "CL AR PY UY", "americas", "es"),
    ("ILO Office for Brazil", "country", "Brasília", "BR", "americas", "pt"),
    (
        "ILO Decent Work Team and Office for the Caribbean",
        "dwt",
        "Port of Spain",
        "JM HT TT BB",
        "americas",
        "en fr",
    ),
    (
        "ILO Regional Office for Arab States",
        "regional",
        "Beirut",
        "LB JO PS IQ SA QA AE OM",
        "arab-states",
        "ar en",
    ),
    ("ILO Country Office for India", "country", "New Delhi", "IN", "asia-pacific", "en hi"),
    ("ILO Country Office for Bangladesh", "country", "Dhaka", "BD", "asia-pacific", "en bn"),
    (
        "ILO Decent Work Team for East and South-East Asia and the Pacific",
        "dwt",
        "Bangkok",
        "TH KH VN ID PH FJ",
        "asia-pacific",
        "en",
    ),
    ("ILO Office for Nepal", "country", "Kathmandu", "NP", "asia-pacific", "en ne"),
    (
        "ILO Decent Work Team for Central and Eastern Europe",
        "dwt",
        "Budapest",
        "UA PL GE",
        "europe-central-asia",
        "en",
    ),
    ("ILO Office for Türkiye", "country", "Ankara", "TR", "europe-central-asia", "tr en"),
    (
        "ILO Decent Work Team for Eastern Europe and Central Asia",
        "dwt",
        "Moscow",
        "UZ KZ KG TJ",
        "europe-central-asia",
        "ru en",
    ),
]
CONTACT_ROLES = ["Skills and employability specialist", "Network focal point", "Programme officer"]
CONTACT_NAMES = [
    "Grace Wanjiru",
    "Olumide Adebayo",
    "Awa Ndiaye",
    "Selam Bekele",
    "Thandi Mokoena",
    "Karim Benali",
    "Marie Kouassi",
    "Lucía Quispe",
    "Diego Hernández",
    "Valentina Rojas",
    "Ana Souza",
    "Marlon Baptiste",
    "Rania Haddad",
    "Priya Sharma",
    "Farhana Akter",
    "Somchai Wongsa",
    "Bikash Thapa",
    "Olena Kovalenko",
    "Mehmet Yılmaz",
    "Aigerim Sadykova",
]
# name, title, organization, countries, region, languages, categories, expertise, kinds
ADVISOR_AVAILABILITY = {
    1: TechnicalAdvisor.Availability.LIMITED,
    3: TechnicalAdvisor.Availability.UNAVAILABLE,
}

ADVISORS = [
    (
        "Claire Dubois",
        "Senior skills specialist",
        "ILO Skills Branch",
        "SN CI MA",
        "africa",
        "fr en",
        ["rpl-certification"],
        ["proposal-writing"],
        ["proposal_writing", "policy"],
    ),
    (
        "Samuel Otieno",
        "Apprenticeship advisor",
        "Independent",
        "KE UG RW",
        "africa",
        "en sw",
        ["work-based-learning"],
        ["employer-engagement"],
        ["partners", "mentoring"],
    ),
    (
        "Isabel Moreno",
        "Impact finance advisor",
        "Fundación Futuro",
        "PE CO MX",
        "americas",
        "es en",
        [],
        ["impact-investment", "budgeting"],
        ["funding", "budgeting"],
    ),
    (
        "Hassan Al-Amin",
        "Labour market analyst",
        "Regional observatory",
        "JO LB",
        "arab-states",
        "ar en fr",
        [],
        ["labour-market-data", "monitoring-evaluation"],
        ["data", "evaluation"],
    ),
    (
        "Anjali Rao",
        "Digital learning designer",
        "Open campus",
        "IN BD NP",
        "asia-pacific",
        "en hi",
        [],
        ["digital-learning", "curriculum-design"],
        ["digital"],
    ),
    (
        "Tomasz Nowak",
        "Evaluation specialist",
        "Independent",
        "PL UA",
        "europe-central-asia",
        "pl en",
        [],
        ["monitoring-evaluation"],
        ["evaluation", "data"],
    ),
    (
        "Fatou Sow",
        "Translator and proposal writer",
        "Independent",
        "",
        "",
        "fr en es",
        [],
        ["translation", "proposal-writing"],
        ["translation", "proposal_writing"],
    ),
    (
        "Ricardo Alves",
        "Green skills advisor",
        "Instituto Verde",
        "BR",
        "americas",
        "pt es",
        [],
        ["green-skills"],
        ["partners", "funding"],
    ),
]


def _languages(codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes.split()))


def seed(*, stdout) -> None:
    rng = random.Random(SEED)
    categories = list(SkillCategory.objects.active())
    for i, (name, kind, city, countries, region, langs) in enumerate(OFFICES):
        office, created = IloOffice.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "city": city,
                "countries": countries.split(),
                "region": region,
                "email": f"office{i + 1}@ilo.example.org",
                "website": "https://www.ilo.org/",
            },
        )
        if not created:
            continue
        office.languages.set(_languages(langs))
        contact = IloContact.objects.create(
            office=office,
            name=CONTACT_NAMES[i % len(CONTACT_NAMES)],
            role=CONTACT_ROLES[i % len(CONTACT_ROLES)],
            email=f"contact{i + 1}@ilo.example.org",
            kinds=rng.sample(
                [HelpKind.POLICY, HelpKind.FUNDING, HelpKind.DATA, HelpKind.PARTNERS], 2
            ),
        )
        contact.languages.set(_languages(langs))
        contact.categories.set(rng.sample(categories, min(2, len(categories))))
    for i, (name, title, org, countries, region, langs, cats, expertise, kinds) in enumerate(
        ADVISORS
    ):
        advisor, created = TechnicalAdvisor.objects.get_or_create(
            name=name,
            defaults={
                "title": title,
                "organization": org,
                "countries": countries.split(),
                "region": region,
                "email": f"advisor{i + 1}@advisors.example.org",
                "kinds": kinds,
                "bio": f"{title}, {org}.",
                # Volunteers beside the ILO experts; one busy, one away for a month.
                "affiliation": TechnicalAdvisor.Affiliation.VOLUNTEER
                if i % 3 == 2
                else TechnicalAdvisor.Affiliation.ILO,
                "availability": ADVISOR_AVAILABILITY.get(i, TechnicalAdvisor.Availability.AVAILABLE),
                "available_again_on": timezone.localdate() + timedelta(days=30) if i == 3 else None,
            },
        )
        if not created:
            continue
        advisor.languages.set(_languages(langs))
        advisor.categories.set(
            SkillCategory.objects.filter(slug__in=cats) or rng.sample(categories, 2)
        )
        advisor.expertise.set(Expertise.objects.filter(slug__in=expertise))
    members = list(MemberProfile.objects.approved().order_by("pk"))
    rng = random.Random(SEED)  # its own draw, so a second run picks the same members
    offers = 0
    for profile in members:
        kinds = rng.sample(HelpKind.values, rng.randint(1, 3))
        if rng.random() < 0.4 and not HelpOffer.objects.filter(profile=profile).exists():
            HelpOffer.objects.create(profile=profile, kinds=kinds)
            offers += 1
    stdout.write(
        f"  {IloOffice.objects.count()} ILO offices, {TechnicalAdvisor.objects.count()} advisors, "
        f"{offers} members offering help"
    )

"""The names people give to the portal's vocabularies, in English, French and Spanish:
countries (with their common aliases), skills categories (with synonyms), languages,
choice labels and known funders. Loaded once per import (a few queries), then every
lookup is a dict access on a folded name (see values.fold)."""

from __future__ import annotations

import re

from django.utils import translation
from django_countries import countries

from taxonomy.models import Language, SkillCategory

from ..models import Funder
from .values import fold

__all__ = ["CATEGORY_SYNONYMS", "COUNTRY_ALIASES", "WORLDWIDE_WORDS", "Vocabulary", "split_list"]

# Names people write that django-countries does not list (folded: no accents, lower case).
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "royaume uni": "GB", "reino unido": "GB",
    "usa": "US", "u.s.a.": "US", "us": "US", "u.s.": "US", "united states of america": "US", "america": "US",
    "etats-unis": "US", "etats unis": "US", "eeuu": "US", "ee.uu.": "US", "estados unidos de america": "US",
    "ivory coast": "CI", "cote d'ivoire": "CI", "cote divoire": "CI", "cote d ivoire": "CI", "costa de marfil": "CI",
    "kosovo": "XK", "kosova": "XK",
    "drc": "CD", "dr congo": "CD", "rdc": "CD", "rd congo": "CD", "democratic republic of congo": "CD",
    "republic of congo": "CG", "congo-brazzaville": "CG", "tanzania": "TZ", "russia": "RU", "south korea": "KR",
    "north korea": "KP", "korea, republic of": "KR", "republic of korea": "KR", "korea": "KR", "vietnam": "VN", "viet nam": "VN", "bolivia": "BO", "iran": "IR", "syria": "SY", "laos": "LA",
    "moldova": "MD", "turkey": "TR", "turkiye": "TR", "turquie": "TR", "turquia": "TR", "swaziland": "SZ",
    "cape verde": "CV", "cabo verde": "CV", "czech republic": "CZ", "macedonia": "MK", "palestine": "PS",
    "gambia": "GM", "the gambia": "GM", "venezuela": "VE", "micronesia": "FM", "burma": "MM",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "angleterre": "GB", "ecosse": "GB",
    "inglaterra": "GB", "escocia": "GB", "holland": "NL", "hollande": "NL", "holanda": "NL",
}  # fmt: skip

# What people write in the Countries column for a call open to everyone (folded).
WORLDWIDE_WORDS = frozenset({
    "global", "worldwide", "world", "all", "all countries", "any country", "international", "everywhere",
    "mondial", "monde", "tous les pays", "mundial", "todos los paises", "internacional",
})  # fmt: skip

# Words curators use for the network's skills categories (folded), by category slug.
CATEGORY_SYNONYMS = {
    "work-based-learning": (
        "apprenticeship", "apprenticeships", "apprentissage", "alternance", "dual training", "formation en alternance",
        "internships", "stages", "pasantias", "formacion dual", "wbl", "on-the-job training", "work based learning",
    ),
    "rpl-certification": (
        "rpl", "recognition of prior learning", "vae", "validation des acquis", "certification", "certificacion",
        "reconocimiento de aprendizajes previos", "rap",
    ),
    "career-guidance": ("career guidance", "orientation professionnelle", "orientacion profesional", "employment services"),
    "skills-data": ("labour market information", "lmi", "skills anticipation", "skills data", "labor market information"),
    "skills-ecosystem": ("skills systems", "skills policy", "skills ecosystems", "systemes de competences"),
    "training-delivery": (
        "tvet", "eftp", "etfp", "technical and vocational education and training", "vocational training",
        "formation professionnelle", "formacion profesional", "training delivery",
    ),
    "social-inclusion": ("inclusion", "social inclusion", "inclusion sociale", "inclusion social"),
    "entrepreneurship": ("entrepreneuriat", "emprendimiento", "self-employment", "entrepreneurship"),
    "core-life-skills": ("soft skills", "life skills", "core skills", "competences de vie", "habilidades para la vida", "habilidades blandas"),
}  # fmt: skip

_SEPARATORS = re.compile(r"[;\n\r]+")


def split_list(text: str, known=None) -> list[str]:
    """Items separated by semicolons, new lines or commas. A comma inside a known name
    ("Korea, Republic of", a funder called "Ministry of Labour, Kenya") does not split it:
    `known(item)` says whether a piece is a known name."""
    items: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        if "," not in part or (known is not None and known(part)):
            items.append(part)
            continue
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        i = 0
        while i < len(pieces):
            # Try the longest run of pieces that forms a known name, else one piece.
            for j in range(len(pieces), i + 1, -1):
                joined = ", ".join(pieces[i:j])
                if known is not None and known(joined):
                    items.append(joined)
                    i = j
                    break
            else:
                items.append(pieces[i])
                i += 1
    return list(dict.fromkeys(items))


class Vocabulary:
    """Lookups that need the database or translations, loaded once per import."""

    def __init__(self):
        self.categories: dict[str, SkillCategory] = {}
        category_list = list(SkillCategory.objects.all())
        for category in category_list:
            for name in (category.slug, category.name_en, category.name_fr, category.name_es):
                if name:
                    self.categories.setdefault(fold(name), category)
        by_slug = {c.slug: c for c in category_list}
        for slug, words in CATEGORY_SYNONYMS.items():
            if slug in by_slug:
                for word in words:
                    self.categories.setdefault(fold(word), by_slug[slug])
        self.languages: dict[str, Language] = {}
        for language in Language.objects.all():
            for name in (language.code, language.name_en, language.name_fr, language.name_es):
                if name:
                    self.languages.setdefault(fold(name), language)
        self.funders: set[str] = {fold(name) for name in Funder.objects.values_list("name", flat=True)}
        self.countries = _country_index()
        self.choices: dict[type, dict[str, str]] = {}

    def choice_map(self, choices) -> dict[str, str | tuple[str, ...]]:
        """Folded names → value: the code, the label in en/fr/es, and each part of a label
        written as alternatives ("Challenge / prize / competition", "Loan or concessional
        finance"). A part or word several labels share ("grant") maps to the tuple of
        their values: ambiguous, reported, never guessed."""
        if choices not in self.choices:
            mapping: dict[str, str | tuple[str, ...]] = {}
            shared: dict[str, set[str]] = {}
            for value, label in choices.choices:
                mapping[fold(str(value))] = value
                mapping.setdefault(fold(str(value).replace("_", " ").replace("-", " ")), value)
                for code in ("en", "fr", "es"):
                    with translation.override(code):
                        name = fold(str(label))
                    mapping.setdefault(name, value)
                    for part in _ALTERNATIVES.split(name):
                        shared.setdefault(part, set()).add(value)
                        for word in part.split():
                            if len(word) > 3:
                                shared.setdefault(word, set()).add(value)
            for part, values in shared.items():
                if part in mapping:
                    continue
                if len(values) > 1:
                    mapping[part] = tuple(v for v, _label in choices.choices if v in values)
                elif " " in part or part in {fold(p) for p in _parts_of(choices)}:
                    mapping[part] = next(iter(values))
            self.choices[choices] = mapping
        return self.choices[choices]

    def country(self, text: str) -> str:
        return self.countries.get(fold(text).strip(" ."), "") or self.countries.get(fold(text), "")


# "Challenge / prize / competition", "Loan or concessional finance" (and fr/es "ou", "o").
_ALTERNATIVES = re.compile(r"\s*/\s*|\s+(?:or|ou|o)\s+")


def _parts_of(choices) -> list[str]:
    """Every alternative written in a label, in the three languages."""
    parts = []
    for _value, label in choices.choices:
        for code in ("en", "fr", "es"):
            with translation.override(code):
                parts.extend(_ALTERNATIVES.split(fold(str(label))))
    return parts


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            for code, name in countries:
                index.setdefault(fold(str(name)), code)
                # "Bolivia (Plurinational State of)": also without the bracket.
                short = re.sub(r"\s*\(.*\)\s*$", "", str(name))
                index.setdefault(fold(short), code)
    for code, _name in countries:
        index.setdefault(code.lower(), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            index.setdefault(alpha3.lower(), code)
    valid = {code for code, _name in countries}
    for alias, code in COUNTRY_ALIASES.items():
        if code in valid:
            index.setdefault(alias, code)
    return index

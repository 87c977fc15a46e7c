"""Turning spreadsheet cells into Python values, one column kind at a time (see
Column.kind); a cell that cannot be read raises CellError with a message for people."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.text import multi_line, single_line
from taxonomy.models import TIME_ZONE_CHOICES, Language, SkillCategory

from ..choices import CURRENCIES
from .columns import Column

__all__ = ["CellError", "Vocabulary", "aware_datetime", "cell_text", "parse_cell"]

_TIME_ZONES = {tz for tz, _label in TIME_ZONE_CHOICES}
_CURRENCIES = {code for code, _label in CURRENCIES}
_TRUE = {"yes", "y", "true", "1", "x", "oui", "o", "si", "sí", "vrai", "verdadero"}
_FALSE = {"no", "n", "false", "0", "non", "faux", "falso", ""}
_URL = URLValidator(schemes=["http", "https"])


# --- Parsing cells ----------------------------------------------------------------------


class CellError(Exception):
    pass


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    # No control characters from any cell (a NUL cannot even be stored); line breaks stay
    # here, for the list columns that accept one item per line.
    text = multi_line(str(value)).strip()
    # Undo the export's protection against formulas in CSV ('=..., '-...).
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _split(text: str, *, commas: bool = False) -> list[str]:
    pattern = r"[;\n,]" if commas else r"[;\n]"
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


class Vocabulary:
    """Lookups that need the database or translations, loaded once per import."""

    def __init__(self):
        self.categories: dict[str, SkillCategory] = {}
        for category in SkillCategory.objects.all():
            for name in (category.slug, category.name_en, category.name_fr, category.name_es):
                if name:
                    self.categories.setdefault(name.strip().lower(), category)
        self.languages: dict[str, Language] = {}
        for language in Language.objects.all():
            for name in (language.code, language.name_en, language.name_fr, language.name_es):
                if name:
                    self.languages.setdefault(name.strip().lower(), language)
        self.choices: dict[type, dict[str, str]] = {}

    def choice_map(self, choices) -> dict[str, str]:
        if choices not in self.choices:
            mapping = {}
            for value, label in choices.choices:
                mapping[str(value).lower()] = value
                for code in ("en", "fr", "es"):
                    with translation.override(code):
                        mapping.setdefault(str(label).strip().lower(), value)
            self.choices[choices] = mapping
        return self.choices[choices]


def _choice(column: Column, text: str, vocab: Vocabulary) -> str:
    found = vocab.choice_map(column.choices).get(text.lower())
    if found is None:
        allowed = ", ".join(str(v) for v in column.choices.values)
        raise CellError(_("Unknown value “%(value)s”. Use one of: %(allowed)s.") % {"value": text, "allowed": allowed})
    return found


def _country(text: str) -> str:
    code = ""
    if len(text) in (2, 3) and text.isalpha():
        code = countries.alpha2(text)
    if not code:
        for language in ("en", "fr", "es"):
            code = countries.by_name(text, language=language)
            if code:
                break
    if not code:
        raise CellError(_("Unknown country “%(value)s”. Use an ISO code such as KE or the country's English name.") % {"value": text})
    return code


def _decimal(value, text: str) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Enter a number."))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        cleaned = text.replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    if number < 0:
        raise CellError(_("Enter a positive number."))
    if number >= Decimal("1e12"):
        raise CellError(_("This number is too large."))
    return number.quantize(Decimal("0.01"))


def _integer(value, text: str) -> int:
    number = _decimal(value, text)
    if number != number.to_integral_value():
        raise CellError(_("Enter a whole number."))
    return int(number)


def _bool(value, text: str) -> bool:
    if isinstance(value, bool):
        return value
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CellError(_("Write yes or no, not “%(value)s”.") % {"value": text})


def _date(value, text: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) <= 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise CellError(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text}) from None


def _datetime_or_date(value, text: str) -> dt.datetime | dt.date:
    """A datetime (naive = in the column's time zone) or a bare date."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise CellError(_("“%(value)s” is not a date and time: write it as YYYY-MM-DD HH:MM.") % {"value": text}) from None


def parse_cell(column: Column, value, vocab: Vocabulary):
    """The Python value for one cell, or raise CellError with a message for people."""
    kind = column.kind
    text = cell_text(value)
    if kind in {"text", "funder"} and not column.multiline:
        text = single_line(text)
    if column.required and not text:
        raise CellError(_("This column is required."))
    if column.max_length and len(text) > column.max_length:
        raise CellError(_("At most %(max)s characters (this has %(count)s).") % {"max": column.max_length, "count": len(text)})
    if kind in {"text", "funder"}:
        return text
    if kind == "slug":
        if text:
            try:
                validate_slug(text)
            except ValidationError:
                raise CellError(_("“%(value)s” is not a valid portal ID.") % {"value": text}) from None
        return text
    if kind == "choice":
        return _choice(column, text, vocab) if text else ""
    if kind == "multichoice":
        return list(dict.fromkeys(_choice(column, part, vocab) for part in _split(text, commas=True)))
    if kind == "country":
        return _country(text) if text else ""
    if kind == "countries":
        return list(dict.fromkeys(_country(part) for part in _split(text)))
    if kind == "funders":
        return list(dict.fromkeys(" ".join(part.split()) for part in _split(text)))
    if kind == "categories":
        found = []
        for part in _split(text):
            category = vocab.categories.get(part.lower())
            if category is None:
                slugs = ", ".join(sorted({c.slug for c in vocab.categories.values()}))
                raise CellError(_("Unknown category “%(value)s”. Use one of: %(allowed)s.") % {"value": part, "allowed": slugs})
            found.append(category)
        return list(dict.fromkeys(found))
    if kind == "languages":
        found = []
        for part in _split(text, commas=True):
            language = vocab.languages.get(part.lower())
            if language is None:
                raise CellError(_("Unknown language “%(value)s”. Use an ISO 639-1 code such as fr, or the language's name.") % {"value": part})
            found.append(language)
        return list(dict.fromkeys(found))
    if kind == "bool":
        return _bool(value, text)
    if kind == "decimal":
        return _decimal(value, text) if text else None
    if kind == "int":
        return _integer(value, text) if text else None
    if kind == "currency":
        code = text.upper() or "USD"
        if code not in _CURRENCIES:
            raise CellError(_("Unknown currency “%(value)s”. Use an ISO 4217 code such as USD, EUR or KES.") % {"value": text})
        return code
    if kind == "date":
        return _date(value, text) if text else None
    if kind in {"deadline", "datetime"}:
        return _datetime_or_date(value, text) if text else None
    if kind == "timezone":
        tz = text or "UTC"
        if tz not in _TIME_ZONES:
            raise CellError(_("Unknown time zone “%(value)s”. Use a name from the IANA list such as Europe/Zurich, Africa/Nairobi or UTC.") % {"value": text})
        return tz
    if kind == "url":
        if text:
            try:
                _URL(text)
            except ValidationError:
                raise CellError(_("“%(value)s” is not a valid link: it must start with https:// or http://.") % {"value": text}) from None
        return text
    if kind == "tags":
        return ", ".join(dict.fromkeys(_split(text, commas=True)))
    raise ValueError(f"Unknown column kind {kind}")  # pragma: no cover


def aware_datetime(value, tz_name: str, *, end_of_day: bool) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(tz_name or "UTC")
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59) if end_of_day else dt.time(0, 0))
    if timezone.is_naive(value):
        value = value.replace(tzinfo=tz)
    return value

"""Turning spreadsheet cells into Python values, one column kind at a time (see
Column.kind). A cell that cannot be read raises CellError with every problem found in
it (three unknown countries are three messages), in the curator's language."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils.translation import gettext as _

from core.text import multi_line, single_line
from taxonomy.models import TIME_ZONE_CHOICES
from taxonomy.regions import Region

from ..choices import CURRENCIES
from ..services.curation import RESERVED_SLUGS
from .columns import Column
from .values import (
    ValueProblem,
    clean_text,
    fold,
    is_rolling_word,
    parse_amount,
    parse_date,
    parse_percent,
    parse_plain_number,
)
from .vocabulary import WORLDWIDE_WORDS, Vocabulary, split_list

__all__ = ["ROLLING", "CellError", "Vocabulary", "aware_datetime", "cell_text", "parse_cell"]

_TIME_ZONES = {tz for tz, _label in TIME_ZONE_CHOICES}
_TIME_ZONES_FOLDED = {tz.lower(): tz for tz in _TIME_ZONES}
_CURRENCIES = {code for code, _label in CURRENCIES}
_TRUE = {fold(w) for w in ("yes", "y", "true", "1", "x", "oui", "o", "si", "sí", "vrai", "verdadero", "✓", "✔")}
_FALSE = {fold(w) for w in ("no", "n", "false", "0", "non", "faux", "falso", "-", "")}
_URL = URLValidator(schemes=["http", "https"])
ROLLING = "rolling"


class CellError(Exception):
    """Every problem of one cell: `messages` (str(error) joins them)."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    # No control or invisible characters from any cell (a NUL cannot even be stored);
    # line breaks stay here, for the list columns that accept one item per line.
    text = multi_line(clean_text(str(value))).strip()
    # Undo the export's protection against formulas in CSV ('=..., '-...).
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _choice(column: Column, text: str, vocab: Vocabulary) -> str:
    found = vocab.choice_map(column.choices).get(fold(text))
    if found is None:
        allowed = ", ".join(str(label) for _value, label in column.choices.choices)
        raise CellError(_("Unknown value “%(value)s”. Use one of: %(allowed)s.") % {"value": text, "allowed": allowed})
    if isinstance(found, tuple):
        labels = [str(column.choices(value).label) for value in found]
        raise CellError(
            _("“%(value)s” could mean several values: %(options)s. Write which one.")
            % {"value": text, "options": ", ".join(f"“{label}”" for label in labels)}
        )
    return found


def _many(parts: list[str], read) -> list:
    """Read every item, collecting the problems of all of them."""
    found, problems = [], []
    for part in parts:
        try:
            found.append(read(part))
        except CellError as error:
            problems.extend(error.messages)
    if problems:
        raise CellError(*problems)
    return list(dict.fromkeys(found))


def _country(text: str, vocab: Vocabulary) -> str:
    code = vocab.country(text)
    if not code and fold(text).strip(" .") in WORLDWIDE_WORDS:
        raise CellError(
            _("“%(value)s” is not a country: for a call open to every country, leave Countries empty and write yes in “Open worldwide”.")
            % {"value": text}
        )
    if not code and fold(text).strip(" .") in vocab.choice_map(Region):
        raise CellError(_("“%(value)s” is a region, not a country: write it in the Regions column.") % {"value": text})
    if not code:
        raise CellError(_("Unknown country “%(value)s”. Write its name in English, French or Spanish, or its ISO code such as KE.") % {"value": text})
    return code


def _category(text: str, vocab: Vocabulary):
    category = vocab.categories.get(fold(text))
    if category is None:
        names = ", ".join(sorted({str(c.name) for c in vocab.categories.values()}))
        raise CellError(_("Unknown category “%(value)s”. Use one of: %(allowed)s.") % {"value": text, "allowed": names})
    return category


def _language(text: str, vocab: Vocabulary):
    language = vocab.languages.get(fold(text))
    if language is None:
        raise CellError(_("Unknown language “%(value)s”. Use the language's name or its ISO 639-1 code such as fr.") % {"value": text})
    return language


def _bool(value, text: str) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(_("Write yes or no, not “%(value)s”.") % {"value": text})


def _problem(error: ValueProblem) -> CellError:
    return CellError(str(error))


def _when(value, text: str, *, day_first: bool | None):
    try:
        return parse_date(value if not isinstance(value, str) else text, day_first=day_first)
    except ValueProblem as error:
        raise _problem(error) from None


def _url(text: str) -> str:
    if not text:
        return ""
    candidate = text if "://" in text else ("https://" + text if text.lower().startswith("www.") else text)
    try:
        _URL(candidate)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a valid link: it must start with https:// or http://.") % {"value": text}) from None
    return candidate


def _slug(text: str) -> str:
    if not text:
        return ""
    try:
        validate_slug(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a valid portal ID.") % {"value": text}) from None
    if text.lower() in RESERVED_SLUGS:
        raise CellError(_("“%(value)s” is the address of one of the portal's own pages: leave the Portal ID empty for a new call.") % {"value": text})
    return text


def parse_cell(column: Column, value, vocab: Vocabulary, *, day_first: bool | None = None):
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
        return " ".join(text.split()) if kind == "funder" else text
    if kind == "link":
        return None
    if kind == "slug":
        return _slug(text)
    if kind == "choice":
        return _choice(column, text, vocab) if text else ""
    if kind == "multichoice":
        return _many(split_list(text), lambda part: _choice(column, part, vocab))
    if kind == "country":
        return _country(text, vocab) if text else ""
    if kind == "countries":
        return _many(split_list(text, known=vocab.country), lambda part: _country(part, vocab))
    if kind == "funders":
        names = split_list(text, known=lambda name: fold(name) in vocab.funders)
        return list(dict.fromkeys(" ".join(name.split())[:200] for name in names))
    if kind == "categories":
        return _many(split_list(text), lambda part: _category(part, vocab))
    if kind == "languages":
        return _many(split_list(text), lambda part: _language(part, vocab))
    if kind == "bool":
        return _bool(value, text)
    try:
        if kind == "amount":
            return parse_amount(value if not isinstance(value, str) else text) if text else None
        if kind == "percent":
            return parse_percent(value if not isinstance(value, str) else text) if text else None
        if kind == "int":
            if not text:
                return None
            number = parse_plain_number(value if not isinstance(value, str) else text)
            if number != number.to_integral_value():
                raise CellError(_("Enter a whole number."))
            return int(number)
    except ValueProblem as error:
        raise _problem(error) from None
    if kind == "currency":
        code = text.upper()
        if code and code not in _CURRENCIES:
            raise CellError(_("Unknown currency “%(value)s”. Use an ISO 4217 code such as USD, EUR or KES.") % {"value": text})
        return code
    if kind == "date":
        return _when(value, text, day_first=day_first)[0] if text else None
    if kind == "deadline":
        if text and is_rolling_word(text):
            return ROLLING
        return _when(value, text, day_first=day_first) if text else None
    if kind == "datetime":
        return _when(value, text, day_first=day_first) if text else None
    if kind == "timezone":
        tz = _TIME_ZONES_FOLDED.get(text.replace(" ", "_").lower()) if text else "UTC"
        if tz is None:
            raise CellError(_("Unknown time zone “%(value)s”. Use a name from the IANA list such as Europe/Zurich, Africa/Nairobi or UTC.") % {"value": text})
        return tz
    if kind == "url":
        return _url(text)
    if kind == "tags":
        return ", ".join(dict.fromkeys(split_list(text)))
    raise ValueError(f"Unknown column kind {kind}")  # pragma: no cover


def aware_datetime(day: dt.date, time: dt.time | None, tz_name: str) -> dt.datetime:
    """The instant a (day, time) names in a time zone; a day alone means 23:59 that day
    (a deadline is open all of its last day)."""
    tz = zoneinfo.ZoneInfo(tz_name or "UTC")
    return dt.datetime.combine(day, time if time is not None else dt.time(23, 59), tzinfo=tz)

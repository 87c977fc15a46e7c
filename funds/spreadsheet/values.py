"""Reading the values people type in a spreadsheet, in English, French or Spanish:
dates (written out, numeric, ISO, Excel serials, "rolling"), amounts ("USD 50,000",
"50k", "€25.000", "up to 100,000", "1,5 M", "10,000–50,000"), percentages and text
with invisible characters. Each reader returns the value or raises ValueProblem with a
message for people; an ambiguous value is a problem, never a guess.

Month names and currency symbols come from the CLDR through babel; the number rules are
written here because one file mixes both separator conventions (babel parses one locale
at a time).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_currency_symbol
from django.utils.translation import gettext as _

from ..choices import CURRENCIES

__all__ = [
    "Amount",
    "ValueProblem",
    "clean_text",
    "fold",
    "parse_amount",
    "parse_date",
    "parse_percent",
    "parse_plain_number",
]

# Years a call's dates may fall in: anything else is a typo (and 9999-12-31 23:59 west
# of UTC does not even exist as a UTC datetime).
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Excel stores dates as days since 1899-12-30; these serials are 1990-01-01 .. 2100-12-31.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415
_EXCEL_EPOCH = dt.date(1899, 12, 30)

# Zero-width characters and the byte-order mark vanish; every kind of space is a space.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u3000\t]")
_APOSTROPHES = re.compile(r"[\u2019\u2018\u02bc\u00b4`\u2032]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


class ValueProblem(Exception):
    """A value that cannot be read; str() is the message for people."""


def clean_text(text: str) -> str:
    """Invisible characters removed, every space a plain space, apostrophes and dashes
    plain ASCII ones."""
    if text.isascii():
        # The only ASCII characters the rules below touch (most cells: 5,000 rows with a
        # 1 KB description each read in a third of the time).
        return text.replace("\t", " ").replace("`", "'")
    text = text.translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    text = _APOSTROPHES.sub("'", text)
    return _DASHES.sub("-", text)


def fold(text: str) -> str:
    """A form for comparing names: no accents, lower case, one space, plain apostrophes."""
    # Names repeat from row to row (countries, categories, funders): remembered.
    return _fold_short(text) if len(text) <= 200 else _fold(text)


def _fold(text: str) -> str:
    text = clean_text(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


_fold_short = lru_cache(maxsize=16384)(_fold)


# --- Dates ------------------------------------------------------------------------------

ROLLING_WORDS = frozenset(
    fold(word)
    for word in (
        "rolling", "ongoing", "open", "continuous", "permanent", "no deadline", "rolling basis", "open-ended",
        "continu", "en continu", "ouvert", "ouverte", "permanente", "au fil de l'eau", "sans date limite",
        "abierta", "abierto", "continua", "continuo", "convocatoria abierta", "sin fecha limite", "permanente",
    )
)  # fmt: skip


@cache
def _month_numbers() -> dict[str, int]:
    months: dict[str, int] = {}
    for locale in ("en", "fr", "es"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    months.setdefault(fold(name).rstrip("."), number)
    months.update({"sept": 9, "setiembre": 9, "sep": 9})
    return months


@cache
def _day_names() -> frozenset[str]:
    names = set()
    for locale in ("en", "fr", "es"):
        for width in ("wide", "abbreviated"):
            names.update(fold(n).rstrip(".") for n in get_day_names(width, locale=locale).values())
    return frozenset(names)


_TIME = re.compile(r"(?:\s*(?:at|a|à|,|t))?\s*(\d{1,2})\s*(?::|h)\s*(\d{2})?(?::(\d{2}))?\s*(am|pm|h)?\s*$|\s+(\d{1,2})\s*(am|pm)\s*$")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")


def _split_time(text: str) -> tuple[str, dt.time | None]:
    match = _TIME.search(text)
    if not match:
        return text, None
    if match.group(4) or match.group(6):
        hour = int(match.group(1) or match.group(5))
        suffix = match.group(4) or match.group(6)
        minute = int(match.group(2) or 0) if match.group(1) else 0
        if suffix in ("am", "pm"):
            if not 1 <= hour <= 12:
                raise ValueProblem(_("“%(value)s” is not a time of day.") % {"value": text})
            hour = hour % 12 + (12 if suffix == "pm" else 0)
    else:
        if match.group(2) is None and ":" not in match.group(0) and "h" not in match.group(0):
            return text, None
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    second = int(match.group(3) or 0) if match.group(1) else 0
    try:
        return text[: match.start()].strip(" ,"), dt.time(hour, minute, second)
    except ValueError:
        raise ValueProblem(_("“%(value)s” is not a time of day.") % {"value": text}) from None


def _make_date(year: int, month: int, day: int, original: str) -> dt.date:
    if year < 100:
        year += 2000
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueProblem(
            _("The year %(year)s is out of range (%(first)s to %(last)s).") % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(_("“%(value)s” is not a date: there is no such day.") % {"value": original}) from None


def _written_date(folded: str, original: str) -> dt.date | None:
    """31 March 2027, March 31, 2027, 31 mars 2027, 1er avril 2027, 31 de marzo de 2027."""
    words = [w for w in re.split(r"[\s,.\-/]+", folded) if w and w not in {"de", "del", "le", "the", "of"}]
    months = _month_numbers()
    words = [w for w in words if w.rstrip(".") in months or w.rstrip(".") not in _day_names()]
    month_words = [w for w in words if w.rstrip(".") in months]
    if len(month_words) != 1:
        return None
    month = months[month_words[0].rstrip(".")]
    numbers = [re.sub(r"(st|nd|rd|th|er|eme|o|º)$", "", w) for w in words if w not in month_words]
    if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
        return None
    first, second = numbers
    if len(second) == 4 or (len(first) <= 2 and len(second) == 2 and int(first) <= 31 and words.index(month_words[0]) == 0):
        day, year = int(first), int(second)
    elif len(first) == 4:
        year, day = int(first), int(second)
    else:
        return None
    return _make_date(year, month, day, original)


def parse_date(value, *, day_first: bool | None) -> tuple[dt.date, dt.time | None]:
    """A date and maybe a time of day from a cell: a date or datetime cell, an Excel
    serial number, or text in the common written forms. Numeric dates where day and
    month could be swapped (03/04/2027) follow `day_first`; with None they are a problem
    unless only one reading is possible."""
    if isinstance(value, dt.datetime):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueProblem(_("The year %(year)s is out of range (%(first)s to %(last)s).") % {"year": value.year, "first": FIRST_YEAR, "last": LAST_YEAR})
        # An Excel date cell is a datetime at midnight: it names a day, not an instant.
        time = value.time().replace(microsecond=0)
        return value.date(), (time if time != dt.time(0, 0) else None)
    if isinstance(value, dt.date):
        return _make_date(value.year, value.month, value.day, value.isoformat()), None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        serial = float(value)
        if _SERIAL_MIN <= serial <= _SERIAL_MAX:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
            seconds = round((serial - int(serial)) * 86400)
            seconds = min(seconds, 86399)
            time = dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60) if seconds else None
            return day, time
        raise ValueProblem(_("“%(value)s” is not a date.") % {"value": value})
    original = str(value)
    text, time = _split_time(fold(original))
    iso = _ISO.fullmatch(text)
    if iso:
        return _make_date(int(iso[1]), int(iso[2]), int(iso[3]), original), time
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        a, b, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        if a > 12 or (day_first is True and b <= 12):
            return _make_date(year, b, a, original), time
        if b > 12 or day_first is False:
            return _make_date(year, a, b, original), time
        if a == b:
            return _make_date(year, a, b, original), time
        raise ValueProblem(
            _("“%(value)s” is ambiguous: %(day_first)s (day first) or %(month_first)s (month first)? Choose the date order in the import options, or write the month in words.")
            % {"value": original, "day_first": _make_date(year, b, a, original).isoformat(), "month_first": _make_date(year, a, b, original).isoformat()}
        )
    written = _written_date(text, original)
    if written is not None:
        return written, time
    raise ValueProblem(
        _("“%(value)s” is not a date. Write it as 2027-03-31, 31/03/2027 or 31 March 2027.") % {"value": original}
    )


def is_rolling_word(text: str) -> bool:
    return fold(text).strip(" .!") in ROLLING_WORDS


# --- Numbers and amounts ----------------------------------------------------------------

_MULTIPLIERS = {
    "k": 1_000, "mil": 1_000, "thousand": 1_000, "mille": 1_000,
    "m": 1_000_000, "mn": 1_000_000, "mio": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "millon": 1_000_000, "millones": 1_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "billion": 1_000_000_000, "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
}  # fmt: skip
_NUMBER = r"\d[\d .,']*"
_MULTIPLIER = r"(?:k|mil|thousand|mille|mn|mio|millions?|millon(?:es)?|milliards?|billion|bn|m|b)\b"
_ONE_AMOUNT = re.compile(rf"({_NUMBER})\s*({_MULTIPLIER})?", re.IGNORECASE)
_UP_TO = re.compile(r"^(?:up to|upto|max(?:imum)?\.?|jusqu'a|jusqu'au|jusqu a|au maximum|au plus|hasta|maximo|not more than|no more than)\s*")
_AT_LEAST = re.compile(r"^(?:at least|from|min(?:imum)?\.?|au moins|a partir de|des|desde|minimo|no less than)\s*")
_BETWEEN = re.compile(r"^(?:between|entre|de|from)\s+(.+?)\s+(?:and|et|y|a|à|to)\s+(.+)$")
_RANGE = re.compile(rf"^(.*?{_NUMBER}\s*(?:{_MULTIPLIER})?)\s*(?:-|to|a|à|au)\s*(.*\d.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    minimum: Decimal | None
    maximum: Decimal | None
    currency: str  # "" when the cell names none


def _number(token: str, original: str, *, has_multiplier: bool) -> Decimal:
    token = token.replace(" ", "").replace("'", "").strip(".,")
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        decimal_mark = "." if token.rfind(".") > token.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        whole, _sep, fraction = token.rpartition(decimal_mark)
        if not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})*", whole):
            raise ValueProblem(_("“%(value)s” is not a number.") % {"value": original})
        token = whole.replace(thousands, "") + "." + fraction
    elif dots + commas > 1:
        mark = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{mark}\d{{3}})+", token):
            raise ValueProblem(_("“%(value)s” is not a number.") % {"value": original})
        token = token.replace(mark, "")
    elif dots + commas == 1:
        whole, _sep, fraction = token.replace(",", ".").partition(".")
        if len(fraction) == 3 and has_multiplier:
            raise ValueProblem(
                _("“%(value)s” is ambiguous: is the separator a decimal mark or a thousands separator?") % {"value": original}
            )
        # 25.000 and 25,000 are twenty-five thousand in one convention or the other;
        # amounts never have three decimals.
        token = whole + fraction if len(fraction) == 3 else f"{whole}.{fraction}"
    try:
        return Decimal(token)
    except InvalidOperation:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": original}) from None


@cache
def _currency_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for code, _label in CURRENCIES:
        words[code.lower()] = code
    for locale in ("en", "fr", "es"):
        for code, _label in CURRENCIES:
            symbol = fold(get_currency_symbol(code, locale=locale))
            if symbol and symbol != code.lower():
                words.setdefault(symbol, code)
    words.update({"us$": "USD", "usd$": "USD", "$us": "USD", "$": "USD", "€": "EUR", "£": "GBP", "fcfa": "XOF", "cfa": "XOF",
                  "ksh": "KES", "kshs": "KES", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
                  "dolares": "USD", "francs cfa": "XOF", "chf": "CHF", "sfr": "CHF"})  # fmt: skip
    return {k: v for k, v in words.items() if v in {c for c, _l in CURRENCIES}}


@cache
def _currency_patterns() -> list[tuple[re.Pattern, str]]:
    """(pattern, code) for every currency word, longest first, so "us$" wins over "$"."""
    words = _currency_words()
    return [
        (
            re.compile(
                rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word[0].isalpha() else re.escape(word)
            ),
            words[word],
        )
        for word in sorted(words, key=len, reverse=True)
    ]


def _take_currency(text: str, original: str) -> tuple[str, str]:
    found: set[str] = set()
    for pattern, code in _currency_patterns():
        if pattern.search(text):
            found.add(code)
            text = pattern.sub(" ", text)
    if len(found) > 1:
        raise ValueProblem(_("“%(value)s” names several currencies.") % {"value": original})
    return " ".join(text.split()), (found.pop() if found else "")


def _one(text: str, original: str) -> Decimal:
    match = _ONE_AMOUNT.fullmatch(text.strip())
    if not match:
        raise ValueProblem(_("“%(value)s” is not an amount. Write it as 50000, 50,000, 50k or USD 50,000.") % {"value": original})
    multiplier = (match.group(2) or "").lower()
    number = _number(match.group(1).strip(), original, has_multiplier=bool(multiplier))
    return number * _MULTIPLIERS.get(multiplier, 1)


def _bounded(number: Decimal, original: str) -> Decimal:
    if number >= Decimal("1e12"):
        raise ValueProblem(_("This number is too large."))
    return number.quantize(Decimal("0.01"))


def parse_amount(value) -> Amount:
    """An amount, a range or a bound, with its currency if the cell names one."""
    if isinstance(value, bool):
        raise ValueProblem(_("Enter an amount."))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite() or number < 0:
            raise ValueProblem(_("Enter a positive number."))
        number = _bounded(number, str(value))
        return Amount(None, number, "")
    original = str(value)
    text = fold(original)
    if text.startswith("-"):
        raise ValueProblem(_("Enter a positive number."))
    if "%" in text:
        raise ValueProblem(_("“%(value)s” is a percentage, not an amount.") % {"value": original})
    text, currency = _take_currency(text, original)
    text = re.sub(r"\b(?:d'|de)\s*$", "", text).strip()
    kind = "exact"
    if _UP_TO.match(text):
        text, kind = _UP_TO.sub("", text), "max"
    elif between := _BETWEEN.match(text):
        text = f"{between[1]} - {between[2]}"
    elif _AT_LEAST.match(text):
        text, kind = _AT_LEAST.sub("", text), "min"
    if kind == "exact" and (parts := _RANGE.match(text)):
        low_text, high_text = parts[1], parts[2]
        # "10-50k": the multiplier written once applies to both ends.
        high_multiplier = _ONE_AMOUNT.fullmatch(high_text.strip())
        if high_multiplier and high_multiplier.group(2) and not _ONE_AMOUNT.fullmatch(low_text.strip()).group(2):
            low_text = f"{low_text}{high_multiplier.group(2)}"
        low, high = _bounded(_one(low_text, original), original), _bounded(_one(high_text, original), original)
        if low > high:
            raise ValueProblem(_("In “%(value)s” the first amount is larger than the second.") % {"value": original})
        return Amount(low, high, currency)
    number = _bounded(_one(text, original), original)
    if kind == "min":
        return Amount(number, None, currency)
    return Amount(None, number, currency)


def parse_plain_number(value) -> Decimal:
    """A positive number without currency or range (a count, an amount in USD)."""
    amount = parse_amount(value)
    if amount.minimum is not None or amount.currency:
        raise ValueProblem(_("Enter a single number."))
    return amount.maximum


def parse_percent(value, *, percent_cell: bool = False) -> Decimal:
    """A rate from 0 to 100: "20 %", "20", or a percent-formatted cell (0.2 shown as
    20 %). A bare 0.2 is a problem: 0.2 % or 20 %?"""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if percent_cell:
            number *= 100
        elif 0 < number < 1:
            raise ValueProblem(
                _("“%(value)s” is ambiguous: write 20 or 20 %% for twenty percent (a rate from 0 to 100).") % {"value": value}
            )
    else:
        text = fold(str(value)).replace("%", "").replace("pour cent", "").replace("por ciento", "").replace("percent", "").strip()
        try:
            number = _number(text, str(value), has_multiplier=False) if text else None
        except ValueProblem:
            number = None
        if number is None:
            raise ValueProblem(_("“%(value)s” is not a percentage. Write it as 20 or 20 %%.") % {"value": value})
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueProblem(_("A rate is between 0 and 100."))
    return number.quantize(Decimal("0.01"))

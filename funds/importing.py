"""Importing funding calls from a spreadsheet (.xlsx or .csv), all or nothing.

1. Read the file (a clear ImportReport error for an empty, unreadable or wrong file).
2. Parse every row with the column spec of funds.spreadsheet, collecting every error
   with its row number, column and message.
3. Match each row to an existing call (Portal ID, else source URL, else reference) or
   treat it as new; write through the curation services inside ONE transaction (a
   savepoint per row so later rows are still checked).
4. Roll everything back when any row failed or on a dry run. Re-importing the same file
   changes nothing (rows are "unchanged").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.text import multi_line, single_line
from members.models import User
from taxonomy.models import TIME_ZONE_CHOICES, Language, SkillCategory

from .choices import CURRENCIES, EditorialStatus, FunderType, Source
from .models import CallImport, Funder, FundingCall
from .search import update_search_vectors
from .services.curation import (
    CallError,
    call_create,
    call_set_status,
    call_update,
    funder_get_or_create,
    normalize_source_url,
    require_curator,
)
from .spreadsheet import CALLS_SHEET, COLUMNS, README_SHEET, Column

__all__ = ["MAX_FILE_SIZE", "MAX_ROWS", "ImportReport", "RowError", "RowResult", "import_calls"]

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ROWS = 5000
_TIME_ZONES = {tz for tz, _label in TIME_ZONE_CHOICES}
_CURRENCIES = {code for code, _label in CURRENCIES}
_TRUE = {"yes", "y", "true", "1", "x", "oui", "o", "si", "sí", "vrai", "verdadero"}
_FALSE = {"no", "n", "false", "0", "non", "faux", "falso", ""}
_URL = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (the header is row 1); None for the file
    column: str
    message: str

    def __str__(self) -> str:
        where = [_("Row %(row)s") % {"row": self.row} if self.row else _("File")]
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class RowResult:
    row: int
    action: str  # created | updated | unchanged | error
    title: str
    call_id: int | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool = False
    filename: str = ""
    size: int = 0
    sha256: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    funders_created: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def committed(self) -> bool:
        """Whether the changes were saved (no errors and not a dry run)."""
        return self.ok and not self.dry_run

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=str(message)))

    def summary(self) -> str:
        counts = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.errors:
            return _("Nothing was imported: %(count)s error(s) to fix.") % {"count": len(self.errors)}
        if self.dry_run:
            return _("Dry run, nothing saved. The import would give: %(counts)s.") % {"counts": counts}
        return _("Imported: %(counts)s.") % {"counts": counts}


class _FileError(Exception):
    pass


# --- Reading the file -------------------------------------------------------------------


def _read_bytes(file) -> tuple[bytes, str]:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file), ""
    if isinstance(file, (str, Path)):
        path = Path(file)
        try:
            with path.open("rb") as fh:
                return fh.read(MAX_FILE_SIZE + 1), path.name
        except OSError as error:
            raise _FileError(_("Cannot read the file: %(error)s") % {"error": error.strerror or error}) from None
    name = getattr(file, "name", "") or ""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_FILE_SIZE + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data, Path(name).name


def _format_of(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix == ".xls":
        raise _FileError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx and upload it again."))
    if suffix:
        raise _FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv), not a %(type)s file.") % {"type": suffix})
    return "xlsx" if data.startswith(b"PK\x03\x04") else "csv"


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise _FileError(_("This file is not a valid Excel workbook (.xlsx). Save it from Excel as .xlsx, or export it as CSV."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _FileError(_("This Excel workbook cannot be read (%(error)s). Save it again from Excel as .xlsx.") % {"error": error.__class__.__name__}) from None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise _FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    try:
        names = wb.sheetnames
        if CALLS_SHEET in names:
            ws = wb[CALLS_SHEET]
        else:
            ws = next((wb[n] for n in names if n != README_SHEET), wb.active)
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS + 1:
                raise _FileError(_("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS})
            rows.append(row)
        return rows
    except _FileError:
        raise
    except Exception:  # a damaged sheet inside a readable archive
        raise _FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    finally:
        wb.close()


def _csv_rows(data: bytes) -> list[list]:
    if b"\x00" in data[:4096]:
        raise _FileError(_("This file is not a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _FileError(_("The CSV file's text encoding is not supported: save it as “CSV UTF-8”."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _FileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    if len(rows) > MAX_ROWS + 1:
        raise _FileError(_("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS})
    return rows


def _header_key(text) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


_HEADER_INDEX: dict[str, Column] = {}
for _column in COLUMNS:
    for _alias in (_column.header, _column.key, *_column.aliases):
        _HEADER_INDEX[_header_key(_alias)] = _column


# --- Parsing cells ----------------------------------------------------------------------


class _CellError(Exception):
    pass


def _text(value) -> str:
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


class _Vocabulary:
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


def _choice(column: Column, text: str, vocab: _Vocabulary) -> str:
    found = vocab.choice_map(column.choices).get(text.lower())
    if found is None:
        allowed = ", ".join(str(v) for v in column.choices.values)
        raise _CellError(_("Unknown value “%(value)s”. Use one of: %(allowed)s.") % {"value": text, "allowed": allowed})
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
        raise _CellError(_("Unknown country “%(value)s”. Use an ISO code such as KE or the country's English name.") % {"value": text})
    return code


def _decimal(value, text: str) -> Decimal:
    if isinstance(value, bool):
        raise _CellError(_("Enter a number."))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        cleaned = text.replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise _CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not number.is_finite():
        raise _CellError(_("“%(value)s” is not a number.") % {"value": text})
    if number < 0:
        raise _CellError(_("Enter a positive number."))
    if number >= Decimal("1e12"):
        raise _CellError(_("This number is too large."))
    return number.quantize(Decimal("0.01"))


def _integer(value, text: str) -> int:
    number = _decimal(value, text)
    if number != number.to_integral_value():
        raise _CellError(_("Enter a whole number."))
    return int(number)


def _bool(value, text: str) -> bool:
    if isinstance(value, bool):
        return value
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _CellError(_("Write yes or no, not “%(value)s”.") % {"value": text})


def _date(value, text: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) <= 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise _CellError(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text}) from None


def _datetime_or_date(value, text: str) -> dt.datetime | dt.date:
    """A datetime (naive = in the column's time zone) or a bare date."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise _CellError(_("“%(value)s” is not a date and time: write it as YYYY-MM-DD HH:MM.") % {"value": text}) from None


def _parse_cell(column: Column, value, vocab: _Vocabulary):
    """The Python value for one cell, or raise _CellError with a message for people."""
    kind = column.kind
    text = _text(value)
    if kind in {"text", "funder"} and not column.multiline:
        text = single_line(text)
    if column.required and not text:
        raise _CellError(_("This column is required."))
    if column.max_length and len(text) > column.max_length:
        raise _CellError(_("At most %(max)s characters (this has %(count)s).") % {"max": column.max_length, "count": len(text)})
    if kind in {"text", "funder"}:
        return text
    if kind == "slug":
        if text:
            try:
                validate_slug(text)
            except ValidationError:
                raise _CellError(_("“%(value)s” is not a valid portal ID.") % {"value": text}) from None
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
                raise _CellError(_("Unknown category “%(value)s”. Use one of: %(allowed)s.") % {"value": part, "allowed": slugs})
            found.append(category)
        return list(dict.fromkeys(found))
    if kind == "languages":
        found = []
        for part in _split(text, commas=True):
            language = vocab.languages.get(part.lower())
            if language is None:
                raise _CellError(_("Unknown language “%(value)s”. Use an ISO 639-1 code such as fr, or the language's name.") % {"value": part})
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
            raise _CellError(_("Unknown currency “%(value)s”. Use an ISO 4217 code such as USD, EUR or KES.") % {"value": text})
        return code
    if kind == "date":
        return _date(value, text) if text else None
    if kind in {"deadline", "datetime"}:
        return _datetime_or_date(value, text) if text else None
    if kind == "timezone":
        tz = text or "UTC"
        if tz not in _TIME_ZONES:
            raise _CellError(_("Unknown time zone “%(value)s”. Use a name from the IANA list such as Europe/Zurich, Africa/Nairobi or UTC.") % {"value": text})
        return tz
    if kind == "url":
        if text:
            try:
                _URL(text)
            except ValidationError:
                raise _CellError(_("“%(value)s” is not a valid link: it must start with https:// or http://.") % {"value": text}) from None
        return text
    if kind == "tags":
        return ", ".join(dict.fromkeys(_split(text, commas=True)))
    raise ValueError(f"Unknown column kind {kind}")  # pragma: no cover


def _aware(value, tz_name: str, *, end_of_day: bool) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(tz_name or "UTC")
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59) if end_of_day else dt.time(0, 0))
    if timezone.is_naive(value):
        value = value.replace(tzinfo=tz)
    return value


# --- Matching rows to calls -------------------------------------------------------------


class _CallIndex:
    def __init__(self):
        self.by_slug: dict[str, int] = {}
        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.by_reference: dict[str, list[int]] = defaultdict(list)
        self.reference_of: dict[int, str] = {}
        for pk, slug, url, reference in FundingCall.objects.values_list("pk", "slug", "source_url", "reference"):
            self.by_slug[slug] = pk
            if url:
                self.by_url[normalize_source_url(url)].append(pk)
            if reference:
                self.by_reference[reference.strip().lower()].append(pk)
            self.reference_of[pk] = (reference or "").strip().lower()

    def match(self, data: dict) -> int | None:
        """The existing call a row describes, or None for a new call. Raises _CellError
        (with the column name as first argument) when several calls match."""
        slug = data.get("slug") or ""
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        reference = (data.get("reference") or "").strip().lower()
        url = normalize_source_url(data.get("source_url") or "")
        if url and self.by_url.get(url):
            candidates = self.by_url[url]
            if len(candidates) > 1 and reference:
                candidates = [pk for pk in candidates if self.reference_of.get(pk) == reference] or candidates
            if len(candidates) == 1:
                return candidates[0]
            raise _CellError("Source URL", _("Several calls have this source URL: add their Portal ID or Reference."))
        if reference and self.by_reference.get(reference):
            candidates = self.by_reference[reference]
            if len(candidates) == 1:
                return candidates[0]
            raise _CellError("Reference", _("Several calls have this reference: add their Portal ID."))
        return None


# --- The import -------------------------------------------------------------------------

_FIELD_COLUMN = {c.key: c.header for c in COLUMNS}
_NEW_CALL_REQUIRED = ("title", "funder", "summary", "instrument")
_NOT_CALL_FIELDS = {"funder_type", "funder_country", "status"}


@dataclass
class _Row:
    number: int
    data: dict
    failed: bool = False


def _parse_rows(raw_rows: list, report: ImportReport, vocab: _Vocabulary) -> tuple[list[Column | None], list[_Row]]:
    header_at = next((i for i, row in enumerate(raw_rows) if any(_text(v) for v in row)), None)
    if header_at is None:
        report.error(None, "", _("The file is empty."))
        return [], []
    headers = [_text(v) for v in raw_rows[header_at]]
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for header in headers:
        column = _HEADER_INDEX.get(_header_key(header)) if header else None
        if header and column is None:
            report.warnings.append(_("Column “%(header)s” is not one the portal knows: it was ignored.") % {"header": header})
        if column is not None:
            if column.key in seen:
                report.error(header_at + 1, header, _("This column appears twice (also as “%(other)s”).") % {"other": seen[column.key]})
            seen[column.key] = header
        columns.append(column)
    if not seen:
        report.error(header_at + 1, "", _("No known column headers in the first row: download the column template and keep its header row."))
        return columns, []
    rows: list[_Row] = []
    for index in range(header_at + 1, len(raw_rows)):
        values = list(raw_rows[index])
        if not any(_text(v) for v in values):
            continue
        number = index + 1
        row = _Row(number=number, data={})
        for position, column in enumerate(columns):
            if column is None:
                continue
            value = values[position] if position < len(values) else None
            try:
                row.data[column.key] = _parse_cell(column, value, vocab)
            except _CellError as error:
                report.error(number, column.header, error.args[0])
                row.failed = True
        _check_row(row, report)
        rows.append(row)
    if not rows:
        report.error(None, "", _("The file has no calls: only a header row."))
    return columns, rows


def _check_row(row: _Row, report: ImportReport) -> None:
    data = row.data
    if data.get("last_verified_at") is not None:
        data["last_verified_at"] = _aware(data["last_verified_at"], "UTC", end_of_day=False)

    def fail(key: str, message: str) -> None:
        report.error(row.number, _FIELD_COLUMN[key], message)
        row.failed = True

    if data.get("amount_min") is not None and data.get("amount_max") is not None and data["amount_min"] > data["amount_max"]:
        fail("amount_min", _("The minimum amount cannot exceed the maximum."))
    deadline = data.get("deadline")
    deadline_day = deadline.date() if isinstance(deadline, dt.datetime) else deadline
    if data.get("opens_on") and deadline_day and deadline_day < data["opens_on"]:
        fail("deadline", _("The deadline cannot be before the opening date."))
    if data.get("cofinancing_rate") is not None and data.get("cofinancing_required") is False:
        fail("cofinancing_rate", _("Give a co-financing rate only when co-financing is required."))
    if data.get("status") == EditorialStatus.REJECTED:
        fail("status", _("Reject calls in the admin, where the reason is sent to whoever suggested them."))


def _resolve_funders(data: dict, *, actor, report: ImportReport, cache: dict[str, Funder]) -> dict:
    def get(name: str, type_: str = FunderType.OTHER, country: str = "") -> Funder:
        key = name.lower()
        if key not in cache:
            funder, created = funder_get_or_create(name=name, type=type_ or FunderType.OTHER, country=country, actor=actor)
            if created:
                report.funders_created.append(funder.name)
            cache[key] = funder
        return cache[key]

    values = {k: v for k, v in data.items() if k not in _NOT_CALL_FIELDS}
    if data.get("funder"):
        values["funder"] = get(data["funder"], data.get("funder_type") or FunderType.OTHER, data.get("funder_country") or "")
    if "co_funders" in data:
        values["co_funders"] = [get(name) for name in data["co_funders"]]
    if not values.get("slug"):
        values.pop("slug", None)
    return values


def _call_error_to_report(error: CallError, number: int, report: ImportReport) -> None:
    if not error.errors:
        report.error(number, "", str(error))
        return
    for name, messages in error.errors.items():
        column = _FIELD_COLUMN.get(name, "")
        for message in messages:
            report.error(number, column, message)


def _apply_row(row: _Row, *, index: _CallIndex, actor, report: ImportReport, funders: dict, seen: dict[int, int]) -> int | None:
    data = row.data
    try:
        existing_pk = index.match(data)
    except _CellError as error:
        report.error(row.number, error.args[0], error.args[1])
        return None
    if existing_pk is not None and existing_pk in seen:
        report.error(row.number, "", _("This row describes the same call as row %(row)s.") % {"row": seen[existing_pk]})
        return None
    if existing_pk is None:
        missing = [key for key in _NEW_CALL_REQUIRED if not data.get(key)]
        for key in missing:
            report.error(row.number, _FIELD_COLUMN[key], _("Required for a new call."))
        if missing:
            return None
    status = data.get("status") or ""
    values = _resolve_funders(data, actor=actor, report=report, cache=funders)
    if existing_pk is None:
        if values.get("deadline") is not None:
            values["deadline"] = _aware(values["deadline"], values.get("deadline_timezone") or "UTC", end_of_day=True)
        call = call_create(data={**values, "source": Source.IMPORT}, actor=actor, reindex=False)
        action, changed = "created", sorted(values)
    else:
        call = FundingCall.objects.get(pk=existing_pk)
        values.pop("slug", None)  # a call's address never changes through an import
        if normalize_source_url(values.get("source_url") or "") == normalize_source_url(call.source_url):
            values.pop("source_url", None)  # the same page written differently
        if values.get("deadline") is not None:
            tz = values.get("deadline_timezone") or call.deadline_timezone or "UTC"
            values["deadline"] = _aware(values["deadline"], tz, end_of_day=True)
        call, changes = call_update(call=call, data=values, actor=actor, reindex=False)
        action, changed = ("updated" if changes else "unchanged"), sorted(changes)
    if status and status != call.status:
        try:
            call = call_set_status(call=call, status=status, actor=actor)
        except CallError as error:
            for message in [m for messages in error.errors.values() for m in messages] or [str(error)]:
                report.error(row.number, _FIELD_COLUMN["status"], message)
            return None
        if action == "unchanged":
            action = "updated"
        changed.append("status")
    seen[call.pk] = row.number
    report.rows.append(RowResult(row=row.number, action=action, title=call.title, call_id=call.pk, changed=changed))
    setattr(report, action, getattr(report, action) + 1)
    return call.pk


def import_calls(file, *, actor: User | None, dry_run: bool = False, filename: str | None = None) -> ImportReport:
    """Import calls from an .xlsx or .csv file (a path, bytes or an uploaded file).

    All or nothing: every row is checked and every error reported (row, column,
    message); when there is any error, or on a dry run, the database is left as it was.
    Rows update the call with the same Portal ID, else source URL, else reference, and
    create the others (missing funders included). Idempotent: importing the same file
    again reports every row as unchanged. Never raises for bad input: problems with the
    file itself are reported as errors without a row number. Raises PermissionDenied
    for an actor who is not staff with funds.add_fundingcall and
    funds.change_fundingcall (None is the system: `manage.py import_calls` without
    --actor).
    """
    require_curator(actor, "funds.add_fundingcall", "funds.change_fundingcall")
    report = ImportReport(dry_run=dry_run)
    try:
        data, name = _read_bytes(file)
        name = filename or name
        report.filename, report.size = (name or "")[:255], len(data)
        report.sha256 = hashlib.sha256(data).hexdigest()
        if not data:
            raise _FileError(_("The file is empty."))
        if len(data) > MAX_FILE_SIZE:
            raise _FileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
        raw_rows = _xlsx_rows(data) if _format_of(name, data) == "xlsx" else _csv_rows(data)
    except _FileError as error:
        report.error(None, "", str(error))
        return report

    vocab = _Vocabulary()
    _columns, rows = _parse_rows(raw_rows, report, vocab)
    if not rows:
        return report

    touched: list[int] = []
    with transaction.atomic():
        index = _CallIndex()
        funders: dict[str, Funder] = {}
        seen: dict[int, int] = {}
        for row in rows:
            if row.failed:
                report.rows.append(RowResult(row=row.number, action="error", title=str(row.data.get("title") or "")))
                continue
            known_funders = dict(funders)
            try:
                with transaction.atomic():
                    pk = _apply_row(row, index=index, actor=actor, report=report, funders=funders, seen=seen)
            except CallError as error:
                _call_error_to_report(error, row.number, report)
                pk = None
            except IntegrityError as error:
                report.error(row.number, "", _("The database refused this row: %(error)s") % {"error": error})
                pk = None
            if pk is None:
                # Funders created for a row that was rolled back no longer exist.
                funders.clear()
                funders.update(known_funders)
            if pk is None and not any(r.row == row.number for r in report.rows):
                report.rows.append(RowResult(row=row.number, action="error", title=str(row.data.get("title") or "")))
            if pk is not None:
                touched.append(pk)
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            update_search_vectors(touched)
    return report


def _outcome(report: ImportReport) -> str:
    if report.has_errors:
        return CallImport.Outcome.REFUSED
    return CallImport.Outcome.DRY_RUN if report.dry_run else CallImport.Outcome.IMPORTED


def record_import(report: ImportReport, *, actor: User | None, via: str) -> CallImport:
    """Keep an import run in the history staff see in the admin, whatever its outcome."""
    return CallImport.objects.create(
        created_by=actor if actor is not None and actor.pk else None,
        via=via,
        filename=report.filename,
        size=report.size,
        sha256=report.sha256,
        outcome=_outcome(report),
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        error_count=len(report.errors),
        errors=[{"row": e.row, "column": e.column, "message": e.message} for e in report.errors],
        rows=[
            {"row": r.row, "action": r.action, "title": r.title, "call_id": r.call_id, "changed": r.changed}
            for r in report.rows
        ],
        funders_created=list(report.funders_created),
    )


def import_calls_recorded(
    file, *, actor: User | None, via: str, dry_run: bool = False, filename: str | None = None
) -> tuple[ImportReport, CallImport]:
    """`import_calls`, then its entry in the import history (the admin page and the
    management command go through here)."""
    report = import_calls(file, actor=actor, dry_run=dry_run, filename=filename)
    return report, record_import(report, actor=actor, via=via)

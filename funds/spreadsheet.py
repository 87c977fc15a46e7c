"""Funding calls as spreadsheets (.xlsx and .csv).

ONE column spec (COLUMNS) drives the export, the import template and the import, so a
file exported from the portal, edited in Excel and imported again keeps every field.

Public API:

- ``export_xlsx(calls) -> bytes``: a workbook with a "Calls" sheet (styled, frozen
  header, filters, column widths) and a "Read me" sheet documenting each column.
- ``export_csv(calls) -> str``: the same columns as CSV (UTF-8; write it with a BOM for
  Excel, see CSV_BOM).
- ``template_xlsx() -> bytes``: the header, one example row and the "Read me" sheet.

Importing lives in funds.importing, which reads the same COLUMNS.

`calls` is any iterable of FundingCall. A QuerySet without prefetching gets the needed
select_related/prefetch_related added here; calls already prefetched with funder,
co_funders, categories and languages are exported without a query per row.

Cell conventions (documented in the "Read me" sheet): lists separated by semicolons;
yes/no for booleans; dates YYYY-MM-DD; the deadline as "YYYY-MM-DD HH:MM" in the
deadline's own time zone; codes or names (English, French or Spanish) for vocabularies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.text import multi_line, single_line
from taxonomy.regions import Region

from .choices import CURRENCIES, ApplicantType, EditorialStatus, FunderType, Instrument
from .models import DESCRIPTION_MAX_LENGTH, FundingCall

__all__ = [
    "CALLS_SHEET",
    "COLUMNS",
    "CSV_BOM",
    "Column",
    "LIST_SEPARATOR",
    "README_SHEET",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "template_xlsx",
]

LIST_SEPARATOR = "; "
# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
CSV_BOM = "\ufeff"
CALLS_SHEET = "Calls"
README_SHEET = "Read me"


@dataclass(frozen=True)
class Column:
    """One spreadsheet column.

    header: the exact header written on export (imports also accept any spelling that
        differs only in case, spaces and punctuation, and the field name).
    key: the FundingCall field it fills, or funder_type / funder_country.
    kind: how cells are written and read (see funds.importing for parsing).
    """

    header: str
    key: str
    kind: str
    help: Any
    example: Any = ""
    required: bool = False
    width: int = 18
    choices: type[TextChoices] | None = None
    max_length: int | None = None
    aliases: tuple[str, ...] = field(default=())
    # Text that may span lines (summary, description); every other text cell is read as
    # one line (core.text.single_line).
    multiline: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Title", "title", "text", gettext_lazy("The call's name, as the funder writes it."),
           "Youth Skills Innovation Challenge 2026", required=True, width=45, max_length=300),
    Column("Reference", "reference", "text", gettext_lazy("The funder's reference number, if any. Used to find the call again when the source URL changed."),
           "YSIC-2026", width=16, max_length=120),
    Column("Funder", "funder", "funder", gettext_lazy("The main funder's name. A funder not yet in the portal is created (with the two next columns)."),
           "ILO Skills Innovation Facility", required=True, width=32, aliases=("funder name",)),
    Column("Funder type", "funder_type", "choice", gettext_lazy("Only used when the funder is new (edit existing funders in the admin)."),
           FunderType.ILO.value, width=16, choices=FunderType),
    Column("Funder country", "funder_country", "country", gettext_lazy("Only used when the funder is new. ISO code or name; empty for international funders."),
           "", width=14),
    Column("Co-funders", "co_funders", "funders", gettext_lazy("Other funders' names, separated by semicolons. New ones are created."),
           "", width=30),
    Column("Summary", "summary", "text", gettext_lazy("Two or three sentences shown in lists (at most 1000 characters)."),
           "Grants for organizations that train young people for green jobs.", required=True, width=60, max_length=1000, multiline=True),
    Column("Description", "description", "text", gettext_lazy("The full description, in Markdown (at most 20,000 characters)."),
           "## Who can apply\n\nTraining providers and NGOs.", width=60, max_length=DESCRIPTION_MAX_LENGTH, multiline=True),
    Column("Instrument", "instrument", "choice", gettext_lazy("The kind of funding (code or name)."),
           Instrument.CHALLENGE.value, required=True, width=20, choices=Instrument),
    Column("Categories", "categories", "categories", gettext_lazy("Skills categories: slugs or names in English, French or Spanish, separated by semicolons."),
           "work-based-learning; entrepreneurship", width=32),
    Column("Regions", "eligible_regions", "multichoice", gettext_lazy("Eligible ILO regions (codes or names), separated by semicolons."),
           "africa; arab-states", width=24, choices=Region),
    Column("Countries", "eligible_countries", "countries", gettext_lazy("Eligible countries: ISO 3166 codes (KE) or names (Kenya), separated by semicolons."),
           "KE; SN", width=24),
    Column("Open worldwide", "is_global", "bool", gettext_lazy("yes when applicants from any country may apply."), "no", width=10),
    Column("Applicant types", "applicant_types", "multichoice", gettext_lazy("Who may apply (codes or names), separated by semicolons."),
           "ngo; training_provider", width=26, choices=ApplicantType),
    Column("Languages", "languages", "languages", gettext_lazy("Languages applications are accepted in: ISO 639-1 codes (fr) or names (French), separated by semicolons."),
           "en; fr", width=16),
    Column("Minimum amount", "amount_min", "decimal", gettext_lazy("Smallest award, in the call's currency (a number)."), 10000, width=14),
    Column("Maximum amount", "amount_max", "decimal", gettext_lazy("Largest award, in the call's currency (a number, not less than the minimum)."), 50000, width=14),
    Column("Currency", "currency", "currency", gettext_lazy("ISO 4217 code of the amounts (empty means USD)."), "EUR", width=10),
    Column("Amount in USD", "amount_usd", "decimal", gettext_lazy("The maximum award converted to US dollars, for filtering and sorting."), 54000, width=14),
    Column("Number of awards", "awards_count", "int", gettext_lazy("How many grants or prizes will be given (a whole number)."), 10, width=10),
    Column("Co-financing required", "cofinancing_required", "bool", gettext_lazy("yes when applicants must bring part of the budget."), "yes", width=12),
    Column("Co-financing rate (%)", "cofinancing_rate", "decimal", gettext_lazy("The share applicants must bring, 0 to 100. Only with co-financing required."), 20, width=12),
    Column("Opens on", "opens_on", "date", gettext_lazy("The date applications open (YYYY-MM-DD). Empty when already open."), "2026-03-01", width=12),
    Column("Deadline", "deadline", "deadline", gettext_lazy("YYYY-MM-DD HH:MM in the deadline time zone; a date alone means 23:59 that day. Empty for rolling calls."),
           "2026-06-30 17:00", width=18),
    Column("Deadline time zone", "deadline_timezone", "timezone", gettext_lazy("The deadline's time zone, as in the IANA list (Europe/Zurich for Geneva, Africa/Nairobi, UTC). Empty means UTC."),
           "Europe/Zurich", width=18),
    Column("Rolling", "is_rolling", "bool", gettext_lazy("yes when applications are accepted at any time (no fixed deadline)."), "no", width=10),
    Column("Apply URL", "apply_url", "url", gettext_lazy("The application link (https://...)."), "https://example.org/ysic/apply", width=36, max_length=500),
    Column("Source URL", "source_url", "url", gettext_lazy("The official page of the call (https://...). Used to find the call again on re-import."),
           "https://example.org/ysic", width=36, max_length=500),
    Column("Contact", "contact", "text", gettext_lazy("An email address or a name to ask questions."), "ysic@example.org", width=24, max_length=200),
    Column("Tags", "tags", "tags", gettext_lazy("Keywords, separated by semicolons."), "green jobs; youth", width=24, max_length=300),
    Column("Status", "status", "choice", gettext_lazy("Editorial state (draft, pending, published, archived). Empty keeps it (draft for new calls). Rejecting is done in the admin, with a reason."),
           EditorialStatus.DRAFT.value, width=12, choices=EditorialStatus),
    Column("Last verified", "last_verified_at", "datetime", gettext_lazy("When the information was last checked against the source (YYYY-MM-DD or YYYY-MM-DD HH:MM, UTC)."),
           "2026-01-15", width=20),
    Column("Portal ID", "slug", "slug", gettext_lazy("Filled in by the export: the call's address on the portal. Keep it to update the call; leave it empty for new calls."),
           "", width=30),
)

# --- Writing cells ----------------------------------------------------------------------


def _iso_datetime(value: dt.datetime) -> str:
    timespec = "minutes" if not value.second and not value.microsecond else ("seconds" if not value.microsecond else "microseconds")
    return value.isoformat(sep=" ", timespec=timespec)


def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values if v)


def _cell(column: Column, call: FundingCall):
    """The value of `column` for `call`: numbers stay numbers, the rest is text."""
    key, kind = column.key, column.kind
    if key == "funder":
        return call.funder.name
    if key == "funder_type":
        return call.funder.type
    if key == "funder_country":
        return call.funder.country.code or ""
    if kind == "funders":
        return _join(sorted(f.name for f in call.co_funders.all()))
    if kind == "categories":
        return _join(c.slug for c in call.categories.all())
    if kind == "languages":
        return _join(sorted(lang.code for lang in call.languages.all()))
    value = getattr(call, key)
    if kind == "multichoice":
        return _join(value or [])
    if kind == "countries":
        return _join(c.code for c in value or [])
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "decimal":
        return None if value is None else Decimal(value)
    if kind == "int":
        return value
    if kind == "date":
        return value.isoformat() if value else ""
    if kind == "deadline":
        return _iso_datetime(call.deadline_local.replace(tzinfo=None)) if value else ""
    if kind == "datetime":
        return _iso_datetime(value.astimezone(dt.UTC).replace(tzinfo=None)) if value else ""
    if kind == "tags":
        return _join(call.tag_list)
    return value or ""


def _prepared(calls: Iterable[FundingCall]) -> Iterable[FundingCall]:
    if isinstance(calls, QuerySet):
        if not calls.query.select_related:
            calls = calls.select_related("funder")
        if not calls._prefetch_related_lookups:
            calls = calls.prefetch_related("co_funders", "categories", "languages")
    return calls


def _clean(column: Column, value):
    """Text without control characters (openpyxl refuses them: a row saved before input
    was cleaned must not break the export), on one line unless the column is multiline."""
    if not isinstance(value, str):
        return value
    return single_line(value) if column.kind in {"text", "funder"} and not column.multiline else multi_line(value)


def export_rows(calls: Iterable[FundingCall]) -> Iterable[list]:
    """One list of cell values per call, in COLUMNS order (no header)."""
    for call in _prepared(calls):
        yield [_clean(column, _cell(column, call)) for column in COLUMNS]


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    # A cell starting with = + - @ would run as a formula when the CSV is opened in a
    # spreadsheet; the quote makes it text and the import strips it again.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv(calls: Iterable[FundingCall]) -> str:
    """The calls as CSV text with a header row (no BOM: prepend CSV_BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in export_rows(calls):
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue()


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1E2DBE")  # ILO blue
_WRAP = Alignment(wrap_text=True, vertical="top")


def _write_calls_sheet(ws, rows: Iterable[list]) -> None:
    ws.title = CALLS_SHEET
    ws.append([c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            # Text that looks like a formula stays text: never executed on opening.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    ws.row_dimensions[1].height = 30


def _choice_help(column: Column) -> str:
    if column.key == "currency":
        return ", ".join(code for code, _label in CURRENCIES)
    if column.choices is None:
        return ""
    return "; ".join(f"{value} = {label}" for value, label in column.choices.choices)


def _write_readme(wb: Workbook) -> None:
    ws = wb.create_sheet(README_SHEET)
    ws.append([_("Funding calls spreadsheet of the Skills Innovation Network portal")])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        _("One row per call. Keep the header row as it is; you may leave out columns you do not need: a missing column leaves that information unchanged."),
        _("Lists: separate items with a semicolon (;). Yes/no columns: yes or no. Dates: YYYY-MM-DD."),
        _("On import, a row updates an existing call when its Portal ID, its Source URL or its Reference matches; otherwise it creates a new call (as a draft unless Status says otherwise)."),
        _("The import checks every row first: if any row has an error, nothing is imported and every error is listed with its row and column."),
    ):
        ws.append([line])
    ws.append([])
    ws.append([_("Column"), _("Required"), _("What to enter"), _("Allowed values"), _("Example")])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for column in COLUMNS:
        ws.append(
            [
                column.header,
                _("yes") if column.required else "",
                str(column.help),
                _choice_help(column),
                column.example if column.example is not None else "",
            ]
        )
        for cell in ws[ws.max_row]:
            cell.alignment = _WRAP
    for letter, width in zip("ABCDE", (24, 10, 70, 60, 30), strict=True):
        ws.column_dimensions[letter].width = width


def _workbook_bytes(rows: Iterable[list]) -> bytes:
    wb = Workbook()
    _write_calls_sheet(wb.active, rows)
    _write_readme(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_xlsx(calls: Iterable[FundingCall]) -> bytes:
    """The calls as an .xlsx workbook: sheet "Calls" and sheet "Read me"."""
    return _workbook_bytes(export_rows(calls))


def template_xlsx() -> bytes:
    """An import template: the header row, one example row, and the "Read me" sheet."""
    return _workbook_bytes([[c.example for c in COLUMNS]])


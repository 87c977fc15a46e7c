"""Funding calls as spreadsheets (.xlsx and .csv).

ONE column spec (COLUMNS) drives the export, the import template and the import, so a
file exported from the portal, edited in Excel and imported again keeps every field.

Public API:

- ``export_xlsx(calls) -> bytes``: a workbook with a "Calls" sheet (styled, frozen
  header, filters, column widths) and a "Read me" sheet documenting each column.
- ``export_csv(calls) -> str``: the same columns as CSV (UTF-8; write it with a BOM for
  Excel, see CSV_BOM).
- ``template_xlsx() -> bytes``: the header, one example row and the "Read me" sheet.

Importing lives in funds.spreadsheet.importing, which reads the same COLUMNS.

`calls` is any iterable of FundingCall. A QuerySet without prefetching gets the needed
select_related/prefetch_related added here; calls already prefetched with funder,
co_funders, categories and languages are exported without a query per row.

Cells are written for people, in the active language: headers and labels (instrument,
types, regions, countries, categories, languages, yes/no) rather than codes, real Excel
date cells (the deadline in its own time zone, timestamps to the second), a Link column
to the call's page. The import reads all of it back (and codes too).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheets import formula_safe
from core.text import multi_line, single_line

from ..choices import CURRENCIES, FunderType
from ..models import FundingCall
from .columns import CALLS_SHEET, COLUMNS, LIST_SEPARATOR, README_SHEET, Column

__all__ = ["export_csv", "export_rows", "export_xlsx", "template_xlsx"]

# --- Writing cells ----------------------------------------------------------------------


def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values if v)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value no longer offered: written as stored
        return str(value)


def _seconds(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=0, tzinfo=None)


def _cell(column: Column, call: FundingCall):
    """The value of `column` for `call`, as a person reads it in the active language:
    labels rather than codes, real dates, numbers as numbers."""
    key, kind = column.key, column.kind
    if key == "funder":
        return call.funder.name
    if key == "funder_type":
        return _label(FunderType, call.funder.type)
    if key == "funder_country":
        return call.funder.country.name if call.funder.country else ""
    if kind == "funders":
        return _join(sorted(f.name for f in call.co_funders.all()))
    if kind == "categories":
        return _join(c.name for c in call.categories.all())
    if kind == "languages":
        return _join(sorted(lang.name for lang in call.languages.all()))
    if kind == "link":
        return f"{settings.SITE_URL}{call.get_absolute_url()}"
    value = getattr(call, key)
    if kind == "multichoice":
        return _join(_label(column.choices, v) for v in value or [])
    if kind == "choice":
        return _label(column.choices, value) if value else ""
    if kind == "countries":
        return _join(c.name for c in value or [])
    if kind == "bool":
        return _("yes") if value else _("no")
    if kind in {"amount", "decimal"}:
        return None if value is None else Decimal(value)
    if kind == "percent":
        return None if value is None else f"{format(Decimal(value).normalize(), 'f')} %"
    if kind == "int":
        return value
    if kind == "date":
        return value or None
    if kind == "deadline":
        if not value:
            return ""
        local = _seconds(call.deadline_local)
        # A date cell at midnight reads as "that whole day" (23:59): say 00:00 in words.
        return local.strftime("%Y-%m-%d %H:%M") if local.time() == dt.time(0, 0) else local
    if kind == "datetime":
        return _seconds(value.astimezone(dt.UTC)) if value else None
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
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    # The quote that keeps a formula-looking text as text is stripped again by the import.
    return formula_safe(str(value))


def export_csv(calls: Iterable[FundingCall]) -> str:
    """The calls as CSV text with a header row (no BOM: prepend CSV_BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c.header) for c in COLUMNS])
    for row in export_rows(calls):
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue()


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1E2DBE")  # ILO blue
_WRAP = Alignment(wrap_text=True, vertical="top")


def _write_calls_sheet(ws, rows: Iterable[list]) -> None:
    ws.title = CALLS_SHEET
    ws.append([str(c.header) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
        for column, cell in zip(COLUMNS, ws[ws.max_row], strict=False):
            # Text that looks like a formula stays text: never executed on opening.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm" if not cell.value.second else "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif column.kind == "link" and cell.value:
                cell.hyperlink = cell.value
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
    return "; ".join(str(label) for _value, label in column.choices.choices)


def _write_readme(wb: Workbook) -> None:
    ws = wb.create_sheet(README_SHEET)
    ws.append([_("Funding calls spreadsheet of the Skills Innovation Network portal")])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        _("One row per call. The header row may be below a title or notes; headers may be in English, French or Spanish. You may leave out columns you do not need: a missing column leaves that information unchanged."),
        _("Lists: separate items with semicolons, commas or new lines. Yes/no columns: yes/no, oui/non, sí/no. Names of countries, categories, languages and choices in English, French or Spanish (or their codes)."),
        _("Dates: a date cell, 2027-03-31, 31/03/2027, 31 March 2027, 31 mars 2027 or 31 de marzo de 2027. A date like 03/04/2027 is read day first in French and Spanish files; otherwise choose the order when importing. Deadline: rolling, ongoing, continu or abierta for rolling calls."),
        _("Amounts: 50000, 50,000, 50.000, 50k, 1.5 M, USD 50,000, €25.000, up to 100,000, or a range 10,000–50,000. Co-financing: 20 or 20 %."),
        _("Hidden rows and columns are skipped unless you choose to import them. Links: a cell with a hyperlink is read by its target."),
        _("On import, a row updates an existing call when its Portal ID, its Source URL (written any way) or its Reference matches, or else its funder, title and deadline; otherwise it creates a new call (as a draft unless Status says otherwise). A row repeated in the file is imported once."),
        _("The import checks every row first: if any row has an error, nothing is imported and every error is listed with its row and column. You may instead import the valid rows and download the rejected ones, with an Errors column, to fix and import again."),
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
                str(column.header),
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


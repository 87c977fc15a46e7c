"""From a Sheet to parsed rows: the header found, merged cells understood, hidden rows
and columns skipped (or not), hyperlinks read by their target, every cell parsed and
every problem of every cell and row reported with its row number and column name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import EditorialStatus
from .cells import ROLLING, CellError, Vocabulary, aware_datetime, parse_cell
from .columns import COLUMNS, Column
from .headers import HEADER_SEARCH_ROWS, HeaderRow, find_header, header_key
from .reading import Sheet, SheetRow
from .rejected import ERRORS_HEADERS
from .report import ImportReport

__all__ = ["ImportOptions", "ParsedRow", "parse_sheet"]

FIELD_COLUMN = {c.key: c for c in COLUMNS}


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    # Import the rows without errors and hand back the others (instead of all or nothing).
    partial: bool = False
    include_hidden: bool = False
    # "auto": day first for French and Spanish files, ambiguous dates reported otherwise.
    date_order: str = "auto"  # auto | day-first | month-first


@dataclass
class ParsedRow:
    source: SheetRow
    data: dict = field(default_factory=dict)
    failed: bool = False

    @property
    def number(self) -> int:
        return self.source.number


def column_name(key: str) -> str:
    return str(FIELD_COLUMN[key].header)


def _fill_merges(sheet: Sheet, header_band_end: int) -> None:
    """A merged cell's value belongs to every cell it covers: down a column anywhere
    (one funder for several rows), across columns only in the header rows."""
    by_number = {row.number: row for row in sheet.rows}
    for first_row, first_col, last_row, last_col in sheet.merges:
        top = by_number.get(first_row)
        if top is None or first_col - 1 >= len(top.values):
            continue
        value = top.values[first_col - 1]
        across = first_row <= header_band_end
        for number in range(first_row, last_row + 1):
            row = by_number.get(number)
            if row is None:
                continue
            for col in range(first_col, (last_col if across else first_col) + 1):
                if col - 1 >= len(row.values):
                    row.values.extend([None] * (col - len(row.values)))
                if row.values[col - 1] is None:
                    row.values[col - 1] = value


def _file_language(header: HeaderRow) -> str:
    votes = {"en": 0, "fr": 0, "es": 0}
    for text, column in zip(header.headers, header.columns, strict=True):
        if column is None:
            continue
        for language in votes:
            with translation.override(language):
                if header_key(text) == header_key(str(column.header)):
                    votes[language] += 1
    return max(votes, key=lambda language: (votes[language], language == "en"))


def _day_first(options: ImportOptions, language: str) -> bool | None:
    if options.date_order == "day-first":
        return True
    if options.date_order == "month-first":
        return False
    return True if language in {"fr", "es"} else None


def _unknown_columns(headers: list[str], shown: int = 10) -> str:
    """One warning for every column the portal does not know (a sheet may have thousands)."""
    names = ", ".join(f"“{h}”" for h in headers[:shown])
    if len(headers) > shown:
        more = len(headers) - shown
        names += ngettext(" and %(count)s more", " and %(count)s more", more) % {"count": more}
    return ngettext(
        "A column the portal does not know was ignored: %(names)s.",
        "%(count)s columns the portal does not know were ignored: %(names)s.",
        len(headers),
    ) % {"count": len(headers), "names": names}


def _letters(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def parse_sheet(sheet: Sheet, report: ImportReport, vocab: Vocabulary, options: ImportOptions) -> tuple[HeaderRow | None, list[ParsedRow]]:
    """The header and the parsed data rows (hidden ones left out unless asked)."""
    if not sheet.rows:
        report.error(None, "", _("The file is empty."))
        return None, []
    band = sheet.rows[: HEADER_SEARCH_ROWS + 1]
    _fill_merges(sheet, band[-1].number)
    header = find_header([row.values for row in band])
    if header is None:
        report.error(None, "", _("No known column headers in the first %(count)s rows: download the column template and keep its header row.") % {"count": HEADER_SEARCH_ROWS})
        return None, []
    header_number = band[header.index].number
    report.header_row = header_number
    report.sheet = sheet.name
    report.headers = header.headers
    if sheet.other_sheets:
        report.warnings.append(_("Read the sheet “%(sheet)s” (its header is on row %(row)s).") % {"sheet": sheet.name, "row": header_number})
    elif header_number > 1:
        report.warnings.append(_("The header is on row %(row)s: the rows above it were skipped.") % {"row": header_number})
    columns: list[Column | None] = list(header.columns)
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for position, (text, column) in enumerate(zip(header.headers, columns, strict=True)):
        if text and column is None and header_key(text) not in ERRORS_HEADERS:
            unknown.append(text)
        if column is None:
            continue
        if column.key in seen:
            report.error(header_number, text, _("This column appears twice (also as “%(other)s”).") % {"other": seen[column.key]})
        seen[column.key] = text
        if position in sheet.hidden_columns and not options.include_hidden:
            columns[position] = None
    if unknown:
        report.warnings.append(_unknown_columns(unknown))
    hidden_columns = [f"{_letters(p)} ({header.headers[p] or '—'})" for p in sorted(sheet.hidden_columns) if p < len(header.headers) and header.headers[p]]
    if hidden_columns:
        if options.include_hidden:
            report.warnings.append(_("Hidden columns were imported: %(columns)s.") % {"columns": ", ".join(hidden_columns)})
        else:
            report.warnings.append(_("Hidden columns were skipped: %(columns)s. Choose “import hidden rows and columns” to read them.") % {"columns": ", ".join(hidden_columns)})
    if report.errors:
        return header, []
    day_first = _day_first(options, _file_language(header))
    title_position = next((i for i, c in enumerate(columns) if c is not None and c.key == "title"), None)
    rows: list[ParsedRow] = []
    hidden_rows: list[int] = []
    for source in sheet.rows:
        if source.number <= header_number:
            continue
        if source.hidden and not options.include_hidden:
            hidden_rows.append(source.number)
            continue
        row = ParsedRow(source=source)
        for position, column in enumerate(columns):
            if column is None:
                continue
            value = source.values[position] if position < len(source.values) else None
            if column.kind == "url" and (source.number, position) in sheet.links:
                value = sheet.links[(source.number, position)]
            try:
                row.data[column.key] = parse_cell(column, value, vocab, day_first=day_first)
            except CellError as error:
                for message in error.messages:
                    report.error(source.number, str(column.header), message)
                row.failed = True
        link = sheet.links.get((source.number, title_position)) if title_position is not None else None
        if link and not row.data.get("source_url") and "source_url" not in seen.keys() - {""}:
            row.data["source_url"] = link
        if not any(v not in (None, "", [], False) for v in row.data.values()):
            continue
        _check_row(row, report)
        rows.append(row)
    if hidden_rows:
        listed = ", ".join(str(n) for n in hidden_rows[:50]) + ("…" if len(hidden_rows) > 50 else "")
        report.warnings.append(_("Hidden rows were skipped: %(rows)s. Choose “import hidden rows and columns” to read them.") % {"rows": listed})
    if not rows and not report.errors:
        report.error(None, "", _("The file has no calls: only a header row."))
    return header, rows


def _check_row(row: ParsedRow, report: ImportReport) -> None:
    """Problems between the cells of one row; also combines amounts, dates and time zones."""
    data = row.data

    def fail(key: str, message: str) -> None:
        report.error(row.number, column_name(key), message)
        row.failed = True

    if data.get("last_verified_at") is not None:
        day, time = data["last_verified_at"]
        data["last_verified_at"] = dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=dt.UTC)
    _combine_amounts(data, fail)
    deadline = data.get("deadline")
    if deadline == ROLLING:
        if data.get("is_rolling") is False and "is_rolling" in data:
            fail("deadline", _("The deadline says rolling but the Rolling column says no."))
        data["deadline"], data["is_rolling"] = None, True
    elif deadline is not None:
        day, time = deadline
        if data.get("opens_on") and day < data["opens_on"]:
            fail("deadline", _("The deadline cannot be before the opening date."))
        data["deadline"] = aware_datetime(day, time, data.get("deadline_timezone") or "UTC") if "deadline_timezone" in data else deadline
    if data.get("cofinancing_rate") is not None and data.get("cofinancing_required") is False:
        fail("cofinancing_rate", _("Give a co-financing rate only when co-financing is required."))
    if data.get("status") == EditorialStatus.REJECTED:
        fail("status", _("Reject calls in the admin, where the reason is sent to whoever suggested them."))


def _combine_amounts(data: dict, fail) -> None:
    """Amount cells may carry a currency, a range or a bound: one minimum, one maximum,
    one currency for the row, or a problem when the cells disagree."""
    low, high = data.get("amount_min"), data.get("amount_max")
    currencies = {a.currency for a in (low, high) if a is not None and a.currency}
    minimum = maximum = None
    if low is not None:
        if low.minimum is not None and low.maximum is not None:
            fail("amount_min", _("Write the range in the Maximum amount column."))
        minimum = low.minimum if low.minimum is not None else low.maximum
    if high is not None:
        if high.minimum is not None:
            if minimum is not None and minimum != high.minimum:
                fail("amount_min", _("The minimum amount disagrees with the range in the Maximum amount column."))
            minimum = high.minimum
        maximum = high.maximum
    if "amount_min" in data or (high is not None and high.minimum is not None):
        data["amount_min"] = minimum
    if "amount_max" in data:
        data["amount_max"] = maximum
    if len(currencies) > 1:
        fail("currency", _("The amounts are in different currencies."))
    elif currencies:
        named = currencies.pop()
        if data.get("currency") and data["currency"] != named:
            fail("currency", _("The amounts are in %(named)s but the Currency column says %(currency)s.") % {"named": named, "currency": data["currency"]})
        else:
            data["currency"] = named
    if "currency" in data and not data["currency"]:
        data["currency"] = "USD"
    usd = data.get("amount_usd")
    if usd is not None:
        if usd.minimum is not None or usd.currency not in ("", "USD"):
            fail("amount_usd", _("Write one amount in US dollars."))
        data["amount_usd"] = usd.maximum
    if minimum is not None and maximum is not None and minimum > maximum:
        fail("amount_min", _("The minimum amount cannot exceed the maximum."))

"""Reading an uploaded spreadsheet into a Sheet: its non-empty rows (with their numbers
and whether they are hidden), hidden columns, merged cells and hyperlink targets.

.xlsx files are streamed (openpyxl's read-only parser, row by row), the sheet whose
header names the most known columns is picked, and a shared-strings table past
MAX_SHARED_STRINGS_BYTES is refused before anything is loaded. Empty rows (styled or
not) are not rows. Problems with the file itself raise FileError with a message for
people."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import CALLS_SHEET, README_SHEET
from .headers import HEADER_SEARCH_ROWS, find_header

__all__ = ["MAX_FILE_SIZE", "MAX_ROWS", "FileError", "check_upload", "Sheet", "SheetRow", "format_of", "read_bytes", "read_sheet"]

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ROWS = 5000
# Uncompressed size of the shared-strings part (every distinct text of the workbook):
# openpyxl keeps it in memory, so a small file can hide a huge one.
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024
MAX_PART_BYTES = 256 * 1024 * 1024
_TRUE_ATTR = {"1", "true"}


class FileError(Exception):
    pass


@dataclass
class SheetRow:
    number: int  # the row number people see in Excel (1-based)
    values: list
    hidden: bool = False


@dataclass
class Sheet:
    name: str = ""
    rows: list[SheetRow] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based positions
    # (first_row, first_col, last_row, last_col), 1-based as in Excel
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row number, 0-based column) -> target
    other_sheets: list[str] = field(default_factory=list)


# --- The bytes of the file --------------------------------------------------------------


def read_bytes(file) -> tuple[bytes, str]:
    if isinstance(file, (bytes, bytearray, memoryview)):
        return bytes(file), ""
    if isinstance(file, (str, Path)):
        path = Path(file)
        try:
            with path.open("rb") as fh:
                return fh.read(MAX_FILE_SIZE + 1), path.name
        except OSError as error:
            raise FileError(_("Cannot read the file: %(error)s") % {"error": error.strerror or error}) from None
    name = getattr(file, "name", "") or ""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_FILE_SIZE + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data, Path(name).name


def format_of(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".csv", ".txt", ".tsv"}:
        return "csv"
    if suffix == ".xls":
        raise FileError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx and upload it again."))
    if suffix:
        raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv), not a %(type)s file.") % {"type": suffix})
    return "xlsx" if data.startswith(b"PK\x03\x04") else "csv"


def check_upload(data: bytes, name: str) -> None:
    """Refuse at once (FileError) a file that is empty, too large, of another type, or
    not a workbook although named .xlsx."""
    if not data:
        raise FileError(_("The file is empty."))
    if len(data) > MAX_FILE_SIZE:
        raise FileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
    if format_of(name, data) == "xlsx" and not data.startswith(b"PK\x03\x04"):
        raise FileError(_("This file is not a valid Excel workbook (.xlsx). Save it from Excel as .xlsx, or export it as CSV."))


def _too_many_rows() -> FileError:
    return FileError(_("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS})


# --- CSV --------------------------------------------------------------------------------


def _csv_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" is UTF-16.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileError(_("The CSV file's text encoding is not supported: save it as “CSV UTF-8”.")) from None
    head = data[:4096]
    if head.count(b"\x00") * 100 > len(head):
        raise FileError(_("This file is not a CSV text file."))
    # A stray NUL byte is dropped wherever it is (no cell may hold one).
    data = data.replace(b"\x00", b"").removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The CSV file's text encoding is not supported: save it as “CSV UTF-8”."))


def _csv_sheet(data: bytes) -> Sheet:
    text = _csv_text(data)
    first_lines = "\n".join(text[:8192].splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = max([",", ";", "\t"], key=first_lines.count)
    csv.field_size_limit(MAX_FILE_SIZE)
    sheet = Sheet()
    # strict: a quotation mark left open would otherwise swallow the rest of the file
    # into one cell, and one misplaced ("50"000) would be dropped without a word.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number, line = 0, 1
    try:
        for values in reader:
            number += 1
            line = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            sheet.rows.append(SheetRow(number, values))
            if len(sheet.rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
    except csv.Error:
        raise FileError(
            _(
                "Row %(row)s (line %(line)s of the file) has a quotation mark that is never closed or is "
                "misplaced: a cell with quotes must start and end with one, and double the quotes inside "
                "it. Correct it and upload the file again."
            )
            % {"row": number + 1, "line": line}
        ) from None
    return sheet


# --- Excel ------------------------------------------------------------------------------


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                name = info.filename.lower()
                if name.endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
                    raise FileError(
                        _("This workbook holds too much text (%(size)s MB once unpacked, at most %(max)s MB): split it into smaller files.")
                        % {"size": info.file_size // (1024 * 1024), "max": MAX_SHARED_STRINGS_BYTES // (1024 * 1024)}
                    )
                if info.file_size > MAX_PART_BYTES:
                    raise FileError(_("This workbook is too large once unpacked: split it into smaller files."))
    except zipfile.BadZipFile:
        raise FileError(_("This file is not a valid Excel workbook (.xlsx). Save it from Excel as .xlsx, or export it as CSV.")) from None


def _percent_styles(wb) -> set[int]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

    styles = set()
    for index, style in enumerate(wb._cell_styles):
        number_format = style.numFmtId
        if number_format >= BUILTIN_FORMATS_MAX_SIZE:
            code = wb._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:
            code = builtin_format_code(number_format) or ""
        if "%" in code:
            styles.add(index)
    return styles


def _peek(ws) -> list[list]:
    rows = []
    for values in ws.iter_rows(max_row=HEADER_SEARCH_ROWS * 3, max_col=200, values_only=True):
        if any(v is not None and str(v).strip() for v in values):
            rows.append(list(values))
        if len(rows) >= HEADER_SEARCH_ROWS + 1:
            break
    return rows


def _pick_sheet(wb):
    """The visible sheet whose header names the most known columns ("Calls" on a tie)."""
    best, best_score = None, -1
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible" or ws.title == README_SHEET:
            continue
        header = find_header(_peek(ws))
        score = header.known * 2 + (ws.title == CALLS_SHEET) if header else -1 + (ws.title == CALLS_SHEET)
        if score > best_score:
            best, best_score = ws, score
    return best or wb.active


def _parser_class():
    """openpyxl's sheet parser, reading inline-string cells (what openpyxl itself writes,
    e.g. the portal's export) without building a rich-text object per cell: a quarter of
    the time of reading 5,000 rows (bench/README.md)."""
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    plain, run = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            if element.get("t") != "inlineStr" or not self.data_only:
                return super().parse_cell(element)
            coordinate = element.get("r")
            style_id = int(element.get("s", 0) or 0)
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            value, data_type = None, "inlineStr"
            child = element.find(INLINE_STRING)
            if child is not None:
                # openpyxl.cell.text.Text.content: the plain text, then each run's text
                # (phonetic guides left out; of repeated <t>, the last, as openpyxl).
                texts = [
                    child.findall(plain)[-1:],
                    *(r.findall(plain)[-1:] for r in child.findall(run)),
                ]
                value = "".join(
                    nodes[0].text for nodes in texts if nodes and nodes[0].text is not None
                )
                data_type = "s"
            return {
                "row": row,
                "column": column,
                "value": value,
                "data_type": data_type,
                "style_id": style_id,
            }

    return Parser


def _stream(wb, ws, sheet: Sheet) -> None:
    from openpyxl.packaging.relationship import get_dependents, get_rels_path

    percent = _percent_styles(wb)
    with wb._archive.open(ws._worksheet_path) as source:
        parser = _parser_class()(
            source, ws._shared_strings, data_only=True, epoch=wb.epoch,
            date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,
        )  # fmt: skip
        for number, cells in parser.parse():
            values: list = []
            for cell in cells:
                value = cell["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                position = cell["column"] - 1
                if position >= len(values):
                    values.extend([None] * (position + 1 - len(values)))
                if cell["style_id"] in percent and isinstance(value, (int, float)) and not isinstance(value, bool):
                    value = f"{Decimal(str(value)) * 100}%"
                values[position] = value
            if not values:
                continue
            attributes = parser.row_dimensions.get(str(number), {})
            sheet.rows.append(SheetRow(number, values, hidden=str(attributes.get("hidden", "")).lower() in _TRUE_ATTR))
            if len(sheet.rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
    from openpyxl.utils.cell import range_boundaries

    for attributes in parser.column_dimensions.values():
        if str(attributes.get("hidden", "")).lower() in _TRUE_ATTR:
            first, last = int(attributes.get("min", 0)), int(attributes.get("max", 0))
            sheet.hidden_columns.update(range(first - 1, min(last, 16384)))
    if parser.merged_cells is not None:
        for merged in parser.merged_cells.mergeCell:
            first_col, first_row, last_col, last_row = range_boundaries(merged.ref)
            sheet.merges.append((first_row, first_col, last_row, last_col))
    links = parser.hyperlinks.hyperlink
    if links:
        rels_path = get_rels_path(ws._worksheet_path)
        rels = get_dependents(wb._archive, rels_path) if rels_path in wb._archive.namelist() else None
        for link in links:
            target = ""
            if link.id and rels is not None:
                relation = rels.get(link.id)
                target = relation.Target if relation is not None else ""
            if not target or not link.ref:
                continue
            first_col, first_row, last_col, last_row = range_boundaries(link.ref)
            for row in range(first_row, last_row + 1):
                for col in range(first_col, last_col + 1):
                    sheet.links[(row, col - 1)] = target


def _sheet_size(self) -> None:
    """openpyxl's ReadOnlyWorksheet._get_size, stopping where the sheet's data starts.

    openpyxl looks for the optional <dimension> element until the END of <sheetData>,
    so a workbook without one (openpyxl's own write-only files) is parsed a whole extra
    time when it is opened (a quarter of reading 5,000 rows, bench/README.md). The schema puts
    <dimension> before <sheetData>: the result is the same."""
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    with self._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start" and element.tag == DATA_TAG:
                return
            if event == "end" and element.tag == DIMENSION_TAG:
                self._min_column, self._min_row, self._max_column, self._max_row = (
                    SheetDimension.from_tree(element).boundaries
                )
                return


def _open_read_only(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    # Patched once for the process: equivalent for every valid workbook (see _sheet_size).
    ReadOnlyWorksheet._get_size = _sheet_size
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _xlsx_sheet(data: bytes) -> Sheet:
    if not data.startswith(b"PK\x03\x04"):
        raise FileError(_("This file is not a valid Excel workbook (.xlsx). Save it from Excel as .xlsx, or export it as CSV."))
    _check_archive(data)
    try:
        wb = _open_read_only(data)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    try:
        ws = _pick_sheet(wb)
        sheet = Sheet(name=ws.title, other_sheets=[n for n in wb.sheetnames if n != ws.title])
        _stream(wb, ws, sheet)
        return sheet
    except FileError:
        raise
    except Exception:  # a damaged sheet inside a readable archive
        raise FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    finally:
        wb.close()


def read_sheet(data: bytes, name: str) -> Sheet:
    """The rows of the file's data sheet. Raises FileError for a file that cannot be read."""
    return _xlsx_sheet(data) if format_of(name, data) == "xlsx" else _csv_sheet(data)

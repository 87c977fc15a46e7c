"""Reading an uploaded spreadsheet: the bytes of the file, its format, its rows (.xlsx or
.csv), and the column each header names. Problems with the file itself raise FileError
with a message for people."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import CALLS_SHEET, COLUMNS, README_SHEET, Column

__all__ = ["HEADER_INDEX", "MAX_FILE_SIZE", "MAX_ROWS", "FileError", "csv_rows", "format_of", "header_key", "read_bytes", "xlsx_rows"]

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ROWS = 5000


class FileError(Exception):
    pass


# --- Reading the file -------------------------------------------------------------------


def read_bytes(file) -> tuple[bytes, str]:
    if isinstance(file, (bytes, bytearray)):
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
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix == ".xls":
        raise FileError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx and upload it again."))
    if suffix:
        raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv), not a %(type)s file.") % {"type": suffix})
    return "xlsx" if data.startswith(b"PK\x03\x04") else "csv"


def xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise FileError(_("This file is not a valid Excel workbook (.xlsx). Save it from Excel as .xlsx, or export it as CSV."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileError(_("This Excel workbook cannot be read (%(error)s). Save it again from Excel as .xlsx.") % {"error": error.__class__.__name__}) from None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    try:
        names = wb.sheetnames
        if CALLS_SHEET in names:
            ws = wb[CALLS_SHEET]
        else:
            ws = next((wb[n] for n in names if n != README_SHEET), wb.active)
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS + 1:
                raise FileError(_("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS})
            rows.append(row)
        return rows
    except FileError:
        raise
    except Exception:  # a damaged sheet inside a readable archive
        raise FileError(_("This Excel workbook cannot be read. Save it again from Excel as .xlsx.")) from None
    finally:
        wb.close()


def csv_rows(data: bytes) -> list[list]:
    if b"\x00" in data[:4096]:
        raise FileError(_("This file is not a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError(_("The CSV file's text encoding is not supported: save it as “CSV UTF-8”."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    if len(rows) > MAX_ROWS + 1:
        raise FileError(_("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS})
    return rows


def header_key(text) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


HEADER_INDEX: dict[str, Column] = {}
for _column in COLUMNS:
    for _alias in (_column.header, _column.key, *_column.aliases):
        HEADER_INDEX[header_key(_alias)] = _column

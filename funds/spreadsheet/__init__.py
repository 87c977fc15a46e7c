"""Funding calls as spreadsheets (.xlsx and .csv): the export, the import template and
the all-or-nothing import, all driven by ONE column spec.

- columns.py: the column spec (COLUMNS) and the sheet names;
- export.py: writing calls to .xlsx / .csv and the import template;
- reading.py: opening an uploaded file and finding its rows and headers;
- cells.py: turning cell values into Python values;
- values.py, vocabulary.py: what people type (dates, amounts, country and category names);
- headers.py: finding the header row; parsing.py: from rows to checked values;
- matching.py: which call (or earlier row) a row describes;
- importing.py: the import (writing through the curation services);
- report.py, rejected.py: the import report, its history entry, the rejected rows file.

The rest of the code imports from here.
"""

from .columns import COLUMNS, CSV_BOM, Column
from .export import export_csv, export_rows, export_xlsx, template_xlsx
from .importing import ImportOptions, import_calls
from .rejected import rejected_rows_xlsx
from .report import ImportReport, RowError, RowResult, record_import

__all__ = [
    "COLUMNS",
    "CSV_BOM",
    "Column",
    "ImportOptions",
    "ImportReport",
    "RowError",
    "RowResult",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "import_calls",
    "record_import",
    "rejected_rows_xlsx",
    "template_xlsx",
]

"""Funding calls as spreadsheets (.xlsx and .csv): the export, the import template and
the all-or-nothing import, all driven by ONE column spec.

- columns.py: the column spec (COLUMNS) and the sheet names;
- export.py: writing calls to .xlsx / .csv and the import template;
- reading.py: opening an uploaded file and finding its rows and headers;
- cells.py: turning cell values into Python values;
- importing.py: the import (matching rows to calls, writing through the curation services);
- report.py: the import report and its entry in the import history.

The rest of the code imports from here.
"""

from .columns import COLUMNS, CSV_BOM, Column
from .export import export_csv, export_rows, export_xlsx, template_xlsx
from .importing import import_calls, import_calls_recorded
from .report import ImportReport, RowError, RowResult, record_import

__all__ = [
    "COLUMNS",
    "CSV_BOM",
    "Column",
    "ImportReport",
    "RowError",
    "RowResult",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "import_calls",
    "import_calls_recorded",
    "record_import",
    "template_xlsx",
]

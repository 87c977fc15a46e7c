"""The rejected rows of an import as a workbook to fix and import again: the file's own
header and rows, as they were read, with an "Errors" column saying what to fix."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .report import ImportReport

__all__ = ["ERRORS_HEADERS", "rejected_rows_xlsx"]

# The errors column is left out when the file comes back (in each language's spelling).
ERRORS_HEADERS = frozenset({"errors", "erreurs", "errores"})


def rejected_rows_xlsx(report: ImportReport) -> bytes | None:
    """The workbook, or None when no row was rejected."""
    if not report.rejected:
        return None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(report.sheet or _("Calls"))
    headers = list(report.headers)
    width = max([len(headers), *(len(source.values) for source, _messages in report.rejected)])
    headers += [""] * (width - len(headers))
    ws.append([*headers, _("Errors")])
    for source, messages in report.rejected:
        values = list(source.values) + [None] * (width - len(source.values))
        ws.append([*values, "\n".join(messages)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

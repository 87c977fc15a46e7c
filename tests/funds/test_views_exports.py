"""Excel and CSV exports of the selection (built by funds.spreadsheet)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories.funds import CallDismissalFactory, FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def sheet_titles(content: bytes) -> list[str]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    col = next(i for i, h in enumerate(header) if h and str(h).lower().startswith("title"))
    return [r[col] for r in rows[1:] if r[col]]


@pytest.fixture
def calls():
    FundingCallFactory(title="Africa call", is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Americas call", is_global=False, eligible_regions=["americas"])
    FundingCallFactory(title="Draft call", status="draft")


def test_the_xlsx_export_opens_and_honours_filters(client, calls):
    response = client.get("/funds/export.xlsx?region=africa")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="funding-calls-')
    assert sheet_titles(response.content) == ["Africa call"]
    assert "X-Export-Truncated" not in response


def test_the_xlsx_export_without_filters_has_every_published_call(client, calls):
    assert set(sheet_titles(client.get("/funds/export.xlsx").content)) == {"Africa call", "Americas call"}


def test_the_csv_export_honours_filters_and_starts_with_a_bom(client, calls):
    response = client.get("/funds/export.csv?region=americas")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    col = next(i for i, h in enumerate(rows[0]) if h.lower().startswith("title"))
    assert [r[col] for r in rows[1:]] == ["Americas call"]


def test_exports_are_capped_with_a_header_saying_so(client, calls, monkeypatch):
    from funds import selectors

    monkeypatch.setattr(selectors, "EXPORT_MAX_ROWS", 1)
    monkeypatch.setattr(selectors.call_export_rows, "__kwdefaults__", {"limit": 1})
    response = client.get("/funds/export.xlsx")
    assert response["X-Export-Truncated"] == "1"
    assert len(sheet_titles(response.content)) == 1


def test_exports_follow_what_the_user_sees(client, calls):
    from funds.models import FundingCall

    user = UserFactory()
    CallDismissalFactory(user=user, call=FundingCall.objects.get(title="Africa call"))
    client.force_login(user)
    assert sheet_titles(client.get("/funds/export.xlsx").content) == ["Americas call"]


@pytest.mark.parametrize("url", ["/funds/export.xlsx", "/funds/export.csv"])
def test_bad_filters_give_a_400_not_a_file(client, url):
    response = client.get(url + "?category=nope&amount_min=x")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_export_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for _ in range(30):
        FundingCallFactory()
    with django_assert_max_num_queries(10):
        assert client.get("/funds/export.xlsx").status_code == 200

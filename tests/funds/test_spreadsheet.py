"""The spreadsheet export, the import template, and round trips: a file exported from the
portal, edited in Excel and imported again keeps every field."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.audit.selectors import history_for
from funds.choices import EditorialStatus, Instrument
from funds.models import FundingCall
from funds.services.curation import serialise_call
from funds.spreadsheet import COLUMNS, export_csv, export_xlsx, import_calls, template_xlsx
from taxonomy.models import Language, SkillCategory
from tests.factories.funds import FunderFactory, FundingCallFactory

pytestmark = pytest.mark.django_db

HEADERS = [str(c.header) for c in COLUMNS]


def _full_call(**overrides) -> FundingCall:
    """A call with every spreadsheet field filled in."""
    values = {
        "title": "Quality Apprenticeships Challenge",
        "reference": "QAC-2026",
        "funder": FunderFactory(name="Fondation Exemple", type="private_foundation", country="FR"),
        "summary": "Prizes for apprenticeship schemes; with “quotes” and a, comma.",
        "description": "## Who\n\nTraining providers.\n\n- one\n- two",
        "instrument": Instrument.CHALLENGE,
        "tags": "youth, green jobs",
        "is_global": False,
        "eligible_regions": ["africa", "americas"],
        "eligible_countries": ["JO", "LB"],
        "applicant_types": ["ngo", "training_provider"],
        "amount_min": Decimal("1000.50"),
        "amount_max": Decimal("25000"),
        "currency": "EUR",
        "amount_usd": Decimal("27000.75"),
        "awards_count": 12,
        "cofinancing_required": True,
        "cofinancing_rate": Decimal("20.5"),
        "opens_on": date(2026, 3, 1),
        "deadline": datetime(2026, 6, 30, 15, 0, tzinfo=UTC),
        "deadline_timezone": "Africa/Nairobi",
        "is_rolling": False,
        "apply_url": "https://example.org/qac/apply",
        "source_url": "https://example.org/qac",
        "contact": "qac@example.org",
        "status": EditorialStatus.PUBLISHED,
        "last_verified_at": datetime(2026, 1, 15, 9, 30, 12, tzinfo=UTC),
        "categories": list(SkillCategory.objects.filter(slug__in=["work-based-learning", "social-inclusion"])),
        "languages": list(Language.objects.filter(code__in=["ar", "fr"])),
    }
    values.update(overrides)
    call = FundingCallFactory(**values)
    call.co_funders.set([FunderFactory(name="Co-funder One"), FunderFactory(name="Co-funder, Two Ltd")])
    return call


def _sheet_rows(content: bytes, sheet: str = "Calls") -> list[tuple]:
    wb = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


def _prefetched():
    return FundingCall.objects.select_related("funder").prefetch_related("co_funders", "categories", "languages").order_by("pk")


# --- Export -----------------------------------------------------------------------------


def test_the_xlsx_export_has_a_styled_frozen_header_and_a_read_me_sheet():
    _full_call()

    content = export_xlsx(_prefetched())

    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Calls", "Read me"]
    ws = wb["Calls"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A1"].font.bold
    assert ws["A1"].fill.fgColor.rgb.endswith("1E2DBE")
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["A"].width == 45
    assert ws.auto_filter.ref.startswith("A1:")
    readme = [row[0] for row in wb["Read me"].iter_rows(values_only=True)]
    assert all(header in readme for header in HEADERS)


def test_the_export_writes_labels_a_person_reads_and_real_date_cells():
    call = _full_call()

    [row] = _sheet_rows(export_xlsx(_prefetched()))[1:]
    cells = dict(zip(HEADERS, row, strict=True))

    assert cells["Funder"] == "Fondation Exemple"
    assert cells["Funder type"] == "Private foundation"
    assert cells["Funder country"] == "France"
    assert cells["Co-funders"] == "Co-funder One; Co-funder, Two Ltd"
    assert cells["Categories"] == "Work-based learning; Social inclusion and access to training"
    assert cells["Regions"] == "Africa; Americas"
    assert cells["Countries"] == "Jordan; Lebanon"
    assert cells["Languages"] == "Arabic; French"
    assert cells["Instrument"] == str(Instrument.CHALLENGE.label)
    assert cells["Applicant types"].startswith("NGO")
    assert cells["Open worldwide"] == "no"
    assert cells["Minimum amount"] == 1000.5
    assert cells["Maximum amount"] == 25000
    assert cells["Co-financing rate (%)"] == "20.5 %"
    assert cells["Deadline"] == datetime(2026, 6, 30, 18, 0)  # 15:00 UTC in Nairobi, a date cell
    assert cells["Deadline time zone"] == "Africa/Nairobi"
    assert cells["Opens on"] == datetime(2026, 3, 1)  # a date cell (openpyxl reads it back as a datetime)
    assert cells["Tags"] == "youth; green jobs"
    assert cells["Status"] == "Published"
    assert cells["Last verified"] == datetime(2026, 1, 15, 9, 30, 12)  # no microseconds
    assert cells["Portal ID"] == call.slug
    assert cells["Link"] == f"http://testserver/funds/{call.slug}/" or cells["Link"].endswith(f"/funds/{call.slug}/")


def test_the_export_speaks_the_readers_language():
    _full_call()

    with translation.override("fr"):
        [header, row] = _sheet_rows(export_xlsx(_prefetched()))
    cells = dict(zip(header, row, strict=True))

    assert "Titre" in header
    assert cells["Pays"] == "Jordanie; Liban"
    assert cells["Ouvert au monde entier"] == "non"
    assert cells["Statut"] == "Publié"


def test_export_timestamps_have_no_microseconds():
    _full_call(last_verified_at=datetime(2026, 1, 15, 9, 30, 12, 654321, tzinfo=UTC))

    rows = list(csv.reader(io.StringIO(export_csv(_prefetched()))))
    cells = dict(zip(HEADERS, rows[1], strict=True))

    assert cells["Last verified"] == "2026-01-15 09:30:12"
    assert cells["Deadline"] == "2026-06-30 18:00"


def test_exporting_prefetched_calls_runs_no_query_per_row(django_assert_num_queries):
    for _ in range(5):
        call = FundingCallFactory(categories=list(SkillCategory.objects.all()[:2]), languages=list(Language.objects.all()[:2]))
        call.co_funders.set([FunderFactory()])
    calls = list(_prefetched())

    with django_assert_num_queries(0):
        export_xlsx(calls)
        export_csv(calls)


def test_exporting_a_plain_queryset_prefetches_by_itself(django_assert_num_queries):
    FundingCallFactory.create_batch(3)
    with django_assert_num_queries(4):  # calls + funder join, then three prefetches
        export_csv(FundingCall.objects.all())
    FundingCallFactory.create_batch(10)
    with django_assert_num_queries(4):
        export_csv(FundingCall.objects.all())


def test_text_that_looks_like_a_formula_is_never_a_formula():
    FundingCallFactory(title="=HYPERLINK(\"http://evil.example\")", summary="-1+2")

    content = export_xlsx(FundingCall.objects.all())
    text = export_csv(FundingCall.objects.all())

    cell = load_workbook(io.BytesIO(content))["Calls"]["A2"]
    assert cell.data_type == "s"
    [row] = list(csv.reader(io.StringIO(text)))[1:]
    assert row[0].startswith("'=")
    assert row[HEADERS.index("Summary")] == "'-1+2"


def test_the_csv_export_has_the_same_columns():
    _full_call()

    rows = list(csv.reader(io.StringIO(export_csv(_prefetched()))))

    assert rows[0] == HEADERS
    assert len(rows) == 2
    cells = dict(zip(HEADERS, rows[1], strict=True))
    assert cells["Maximum amount"] == "25000"
    assert cells["Co-financing rate (%)"] == "20.5 %"
    assert cells["Description"] == "## Who\n\nTraining providers.\n\n- one\n- two"


def test_the_template_has_the_header_an_example_row_and_the_read_me():
    content = template_xlsx()

    rows = _sheet_rows(content)
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Calls", "Read me"]


def test_the_template_example_row_imports_cleanly():
    report = import_calls(template_xlsx(), actor=None, filename="template.xlsx")

    assert report.ok, report.errors
    assert report.created == 1
    call = FundingCall.objects.get()
    assert call.funder.name == "ILO Skills Innovation Facility"
    assert call.deadline_timezone == "Europe/Zurich"


# --- Round trips ------------------------------------------------------------------------


def _edit_xlsx(content: bytes, edits: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Calls"]
    for header, value in edits.items():
        ws.cell(row=2, column=HEADERS.index(header) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_export_edit_in_excel_and_reimport_keeps_every_field_and_applies_the_edit():
    call = _full_call()
    before = serialise_call(FundingCall.objects.get(pk=call.pk))

    content = _edit_xlsx(export_xlsx(_prefetched()), {"Title": "Quality Apprenticeships Challenge 2027", "Number of awards": 15})
    report = import_calls(content, actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    after = serialise_call(FundingCall.objects.get(pk=call.pk))
    assert after.pop("title") == "Quality Apprenticeships Challenge 2027"
    assert after.pop("awards_count") == 15
    before.pop("title"), before.pop("awards_count")
    assert after == before


def test_reimporting_an_unedited_export_changes_nothing():
    call = _full_call()
    FundingCallFactory(is_rolling=True, deadline=None, eligible_countries=["BR"])
    revisions = history_for(call).count()

    report = import_calls(export_xlsx(_prefetched()), actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert history_for(call).count() == revisions


def test_a_deadline_retyped_by_excel_as_a_date_cell_is_read_in_the_calls_time_zone():
    call = _full_call()

    content = _edit_xlsx(export_xlsx(_prefetched()), {"Deadline": datetime(2026, 7, 31, 17, 0)})
    report = import_calls(content, actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    call.refresh_from_db()
    assert call.deadline_local.replace(tzinfo=None) == datetime(2026, 7, 31, 17, 0)


def test_csv_export_edit_and_reimport_keeps_every_field():
    call = _full_call(title="-minus first", summary="=not a formula")
    before = serialise_call(FundingCall.objects.get(pk=call.pk))

    rows = list(csv.reader(io.StringIO(export_csv(_prefetched()))))
    rows[1][HEADERS.index("Contact")] = "new-contact@example.org"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = import_calls(out.getvalue().encode("utf-8-sig"), actor=None, filename="calls.csv")

    assert report.ok, report.errors
    assert report.updated == 1
    after = serialise_call(FundingCall.objects.get(pk=call.pk))
    assert after.pop("contact") == "new-contact@example.org"
    before.pop("contact")
    assert after == before


def test_an_export_imported_into_an_empty_portal_recreates_the_calls():
    call = _full_call()
    before = serialise_call(FundingCall.objects.get(pk=call.pk))
    content = export_xlsx(_prefetched())
    FundingCall.objects.all().delete()

    report = import_calls(content, actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    assert report.created == 1
    after = serialise_call(FundingCall.objects.get())
    # Provenance belongs to this portal: an imported call says so.
    assert after.pop("source") == "import"
    before.pop("source")
    assert after == before


def test_rolling_and_closed_calls_survive_the_round_trip():
    FundingCallFactory(is_rolling=True, deadline=None)
    FundingCallFactory(deadline=timezone.now() - timedelta(days=10))
    before = [serialise_call(c) for c in _prefetched()]

    report = import_calls(export_csv(_prefetched()).encode(), actor=None, filename="calls.csv")

    assert report.unchanged == 2, report.errors
    assert [serialise_call(c) for c in _prefetched()] == before

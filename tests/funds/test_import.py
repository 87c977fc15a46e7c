"""Importing calls from a spreadsheet: every error is reported with its row and column,
nothing is half-imported, dry runs write nothing, and re-imports are idempotent."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from core.audit.models import AuditEntry
from core.audit.selectors import history_for
from funds.choices import EditorialStatus, FunderType, Source
from funds.models import Funder, FundingCall
from funds.spreadsheet import import_calls
from tests.factories.funds import FunderFactory, FundingCallFactory, SuggestedCallFactory
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def _row(**overrides) -> dict:
    row = {
        "Title": "Women in Technical Trades Grants",
        "Funder": "Trades Foundation",
        "Funder type": "private_foundation",
        "Funder country": "Kenya",
        "Summary": "Grants for training women in technical trades.",
        "Instrument": "project_grant",
        "Categories": "social-inclusion; Entrepreneurship and self-employment",
        "Countries": "KE; Sénégal",
        "Languages": "English; fr",
        "Minimum amount": 5000,
        "Maximum amount": "25,000",
        "Currency": "kes",
        "Deadline": f"{NEXT_YEAR}-05-31 17:00",
        "Deadline time zone": "Africa/Nairobi",
        "Source URL": "https://trades.example.org/women",
        "Tags": "women, trades",
    }
    row.update(overrides)
    return row


def _xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or list(dict.fromkeys(h for row in rows for h in row))
    wb = Workbook()
    ws = wb.active
    ws.title = "Calls"
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(rows: list[dict], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    headers = list(dict.fromkeys(h for row in rows for h in row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def _zip_with_a_text_file() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


def _errors(report) -> list[tuple]:
    return [(e.row, e.column) for e in report.errors]


# --- Successful imports -----------------------------------------------------------------


def test_a_valid_row_creates_a_draft_call_and_its_funder():
    staff = StaffUserFactory()

    report = import_calls(_xlsx([_row()]), actor=staff, filename="calls.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    assert report.committed
    call = FundingCall.objects.get()
    assert call.status == EditorialStatus.DRAFT
    assert call.source == Source.IMPORT
    assert call.funder.name == "Trades Foundation"
    assert call.funder.type == FunderType.PRIVATE_FOUNDATION
    assert call.funder.country.code == "KE"
    assert report.funders_created == ["Trades Foundation"]
    assert sorted(c.slug for c in call.categories.all()) == ["entrepreneurship", "social-inclusion"]
    assert [c.code for c in call.eligible_countries] == ["KE", "SN"]
    assert call.region_index == ["africa"]
    assert sorted(lang.code for lang in call.languages.all()) == ["en", "fr"]
    assert call.amount_max == Decimal("25000") and call.currency == "KES"
    assert call.deadline_local.replace(tzinfo=None) == datetime(NEXT_YEAR, 5, 31, 17, 0)
    assert call.tags == "women, trades"
    assert history_for(call).get().actor == staff


def test_a_date_alone_as_deadline_means_the_end_of_that_day_in_its_time_zone():
    report = import_calls(_xlsx([_row(Deadline=f"{NEXT_YEAR}-05-31")]), actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    local = FundingCall.objects.get().deadline_local
    assert (local.hour, local.minute, str(local.tzinfo)) == (23, 59, "Africa/Nairobi")


def test_a_row_with_status_published_is_published_through_the_service():
    report = import_calls(_xlsx([_row(Status="Published")]), actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    call = FundingCall.objects.get()
    assert call.status == EditorialStatus.PUBLISHED
    assert call.published_at and call.announced_at
    assert list(history_for(call).order_by("pk").values_list("action", flat=True)) == ["funds.call.created", "funds.call.published"]


def test_a_csv_with_semicolons_a_byte_order_mark_and_windows_encoding_is_read():
    content = "\ufeff".encode() + _csv([_row(Title="Formación dual")], delimiter=";", encoding="cp1252")

    report = import_calls(content, actor=None, filename="calls.csv")

    assert report.ok, report.errors
    assert FundingCall.objects.get().title == "Formación dual"


def test_headers_may_differ_in_case_and_punctuation_and_unknown_columns_are_ignored_with_a_warning():
    row = {k.upper().replace(" ", "_"): v for k, v in _row().items()}
    row["Internal notes"] = "ask Maria"

    report = import_calls(_xlsx([row]), actor=None, filename="calls.xlsx")

    assert report.ok, report.errors
    assert report.created == 1
    assert any("Internal notes" in w for w in report.warnings)


def test_a_file_with_only_some_columns_updates_just_those_fields():
    call = FundingCallFactory(source_url="https://trades.example.org/women", awards_count=None, title="Kept title")

    report = import_calls(_xlsx([{"Source URL": "https://www.trades.example.org/women/", "Number of awards": 7}]), actor=None, filename="x.xlsx")

    assert report.ok, report.errors
    assert report.updated == 1
    call.refresh_from_db()
    assert call.awards_count == 7
    assert call.title == "Kept title"
    assert history_for(call).get().changes == {"awards_count": [None, 7]}


def test_rows_are_matched_by_portal_id_then_source_url_then_reference():
    by_slug = FundingCallFactory(slug="by-slug", source_url="https://a.example.org/1")
    by_url = FundingCallFactory(source_url="https://b.example.org/2")
    by_reference = FundingCallFactory(source_url="", reference="REF-9")

    report = import_calls(
        _xlsx(
            [
                {"Portal ID": "by-slug", "Source URL": "https://moved.example.org/1", "Contact": "one"},
                {"Source URL": "http://www.b.example.org/2?utm_source=x", "Contact": "two"},
                {"Reference": "ref-9", "Contact": "three"},
            ]
        ),
        actor=None,
        filename="x.xlsx",
    )

    assert report.ok, report.errors
    assert report.updated == 3
    assert FundingCall.objects.get(pk=by_slug.pk).contact == "one"
    assert FundingCall.objects.get(pk=by_slug.pk).source_url == "https://moved.example.org/1"
    assert FundingCall.objects.get(pk=by_url.pk).contact == "two"
    assert FundingCall.objects.get(pk=by_reference.pk).contact == "three"


def test_importing_the_same_file_twice_creates_nothing_the_second_time():
    content = _xlsx([_row(), _row(Title="Second", **{"Source URL": "https://trades.example.org/second"})])

    first = import_calls(content, actor=None, filename="calls.xlsx")
    second = import_calls(content, actor=None, filename="calls.xlsx")

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert FundingCall.objects.count() == 2
    assert Funder.objects.count() == 1


def test_a_dry_run_reports_what_would_happen_and_writes_nothing():
    existing = FundingCallFactory(source_url="https://trades.example.org/existing", contact="old")
    audits = AuditEntry.objects.count()

    report = import_calls(
        _xlsx([_row(), {**_row(), "Source URL": "https://trades.example.org/existing", "Contact": "new"}]),
        actor=None,
        dry_run=True,
        filename="calls.xlsx",
    )

    assert report.ok, report.errors
    assert (report.created, report.updated) == (1, 1)
    assert not report.committed
    assert "Dry run" in report.summary()
    assert FundingCall.objects.count() == 1
    assert FundingCall.objects.get(pk=existing.pk).contact == "old"
    assert not Funder.objects.filter(name="Trades Foundation").exists()
    assert AuditEntry.objects.count() == audits


def test_a_dry_run_that_would_publish_a_suggestion_sends_no_email(django_capture_on_commit_callbacks):
    from django.core import mail

    member = ApprovedMemberFactory().user
    SuggestedCallFactory(suggested_by=member, source_url="https://s.example.org/x")

    with django_capture_on_commit_callbacks(execute=True):
        report = import_calls(_xlsx([{"Source URL": "https://s.example.org/x", "Status": "published"}]), actor=None, dry_run=True, filename="x.xlsx")

    assert report.ok, report.errors
    assert mail.outbox == []


# --- Errors: every one reported, nothing imported ---------------------------------------


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"Deadline": "the day after"}, "Deadline", "not a date"),
        ({"Opens on": "next week"}, "Opens on", "31 March 2027"),
        ({"Categories": "basket weaving"}, "Categories", "Unknown category"),
        ({"Countries": "KE; Atlantis"}, "Countries", "Unknown country"),
        ({"Minimum amount": 50000, "Maximum amount": 1000}, "Minimum amount", "cannot exceed"),
        ({"Title": ""}, "Title", "required"),
        ({"Source URL": "trades.example.org/women"}, "Source URL", "valid link"),
        ({"Apply URL": "javascript:alert(1)"}, "Apply URL", "valid link"),
        ({"Currency": "DOGE"}, "Currency", "Unknown currency"),
        ({"Instrument": "lottery"}, "Instrument", "Unknown value"),
        ({"Languages": "Klingon"}, "Languages", "Unknown language"),
        ({"Deadline time zone": "Mars/Olympus"}, "Deadline time zone", "Unknown time zone"),
        ({"Open worldwide": "maybe"}, "Open worldwide", "yes or no"),
        ({"Maximum amount": -5}, "Maximum amount", "positive"),
        ({"Maximum amount": "lots"}, "Maximum amount", "not an amount"),
        ({"Number of awards": 2.5}, "Number of awards", "whole number"),
        ({"Regions": "Atlantis"}, "Regions", "Unknown value"),
        ({"Opens on": f"{NEXT_YEAR}-06-30", "Deadline": f"{NEXT_YEAR}-05-31"}, "Deadline", "before the opening date"),
        ({"Co-financing rate (%)": 20}, "Co-financing rate (%)", "only when co-financing is required"),
        ({"Status": "rejected"}, "Status", "Reject calls in the admin"),
        ({"Title": "x" * 301}, "Title", "At most 300"),
        ({"Portal ID": "not a slug!"}, "Portal ID", "not a valid portal ID"),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_and_column(overrides, column, message):
    second = {"Source URL": "https://trades.example.org/other", **overrides}
    report = import_calls(_xlsx([_row(), _row(**second)]), actor=None, filename="calls.xlsx")

    assert report.has_errors
    matching = [e for e in report.errors if e.row == 3 and e.column == column]
    assert matching, report.errors
    assert message.lower() in matching[0].message.lower()
    assert not FundingCall.objects.exists()
    assert not Funder.objects.exists()


def test_every_error_of_every_row_is_reported_at_once():
    rows = [
        _row(),
        _row(Deadline="soon", Currency="XXX"),
        _row(Title="Fine row", **{"Source URL": "https://trades.example.org/fine"}),
        _row(Countries="Narnia"),
    ]

    report = import_calls(_xlsx(rows), actor=None, filename="calls.xlsx")

    assert _errors(report) == [(3, "Currency"), (3, "Deadline"), (5, "Countries")]
    assert "Nothing was imported" in report.summary()
    assert not FundingCall.objects.exists()
    assert [r.action for r in report.rows] == ["created", "error", "created", "error"]


def test_a_new_call_needs_title_funder_summary_and_instrument():
    report = import_calls(_xlsx([{"Source URL": "https://new.example.org/x", "Contact": "someone"}]), actor=None, filename="x.xlsx")

    assert _errors(report) == [(2, "Title"), (2, "Funder"), (2, "Summary"), (2, "Instrument")]
    assert all("Required for a new call" in e.message for e in report.errors)


def test_publishing_an_incomplete_call_is_reported_on_the_status_column():
    report = import_calls(_xlsx([_row(Status="published", Deadline="")]), actor=None, filename="x.xlsx")

    assert _errors(report) == [(2, "Status")]
    assert "deadline" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_two_rows_describing_the_same_call_with_different_values_are_refused_naming_the_first():
    report = import_calls(_xlsx([_row(), _row(Title="Again")]), actor=None, filename="x.xlsx")

    assert _errors(report) == [(3, "")]
    assert "same call as row 2" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_a_source_url_shared_by_several_calls_needs_a_reference_or_portal_id():
    FundingCallFactory(source_url="https://prog.example.org/", reference="A")
    FundingCallFactory(source_url="https://prog.example.org/", reference="B")

    ambiguous = import_calls(_xlsx([{"Source URL": "https://prog.example.org/", "Contact": "x"}]), actor=None, filename="x.xlsx")
    resolved = import_calls(_xlsx([{"Source URL": "https://prog.example.org/", "Reference": "B", "Contact": "x"}]), actor=None, filename="x.xlsx")

    assert _errors(ambiguous) == [(2, "Source URL")]
    assert resolved.ok and resolved.updated == 1
    assert FundingCall.objects.get(reference="B").contact == "x"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "calls.xlsx", "empty"),
        (b"\x00\x01garbage\xff" * 50, "calls.xlsx", "not a valid Excel"),
        (b"PK\x03\x04 but not really a zip" * 10, "calls.xlsx", "not a valid Excel"),
        (_zip_with_a_text_file(), "calls.xlsx", "cannot be read"),
        (b"%PDF-1.7 ...", "calls.pdf", ".pdf"),
        (b"old excel", "calls.xls", ".xls"),
        (b"\x00\x00binary", "calls.csv", "not a CSV"),
        (b"Title,Funder\n", "calls.csv", "no calls"),
        (b"\n\n", "calls.csv", "empty"),
        (b"Colour,Size\nred,big\n", "calls.csv", "No known column headers"),
    ],
)
def test_a_bad_file_gives_a_clear_error_not_a_crash(content, filename, message):
    report = import_calls(content, actor=None, filename=filename)

    assert report.has_errors
    assert message.lower() in report.errors[0].message.lower()
    assert report.errors[0].row in (None, 1)
    assert not FundingCall.objects.exists()


def test_an_existing_funder_is_matched_by_name_and_not_changed():
    funder = FunderFactory(name="Trades Foundation", type=FunderType.GOVERNMENT, country="")

    report = import_calls(_xlsx([_row(Funder="TRADES FOUNDATION")]), actor=None, filename="x.xlsx")

    assert report.ok, report.errors
    assert FundingCall.objects.get().funder == funder
    funder.refresh_from_db()
    assert funder.type == FunderType.GOVERNMENT
    assert report.funders_created == []


# --- The management command -------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_report(tmp_path):
    path = tmp_path / "calls.xlsx"
    path.write_bytes(_xlsx([_row()]))
    out = io.StringIO()

    call_command("import_calls", str(path), stdout=out)

    assert "Row 2: created" in out.getvalue()
    assert "Imported: 1 created" in out.getvalue()
    assert FundingCall.objects.count() == 1


def test_the_command_dry_run_saves_nothing(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_bytes(_csv([_row()]))
    out = io.StringIO()

    call_command("import_calls", str(path), "--dry-run", stdout=out)

    assert "Dry run" in out.getvalue()
    assert not FundingCall.objects.exists()


def test_the_command_fails_with_the_errors_when_the_file_is_wrong(tmp_path):
    path = tmp_path / "calls.xlsx"
    path.write_bytes(_xlsx([_row(Currency="DOGE")]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_calls", str(path), stderr=err)

    assert "Row 2, Currency: Unknown currency" in err.getvalue()
    assert not FundingCall.objects.exists()


def test_the_command_records_the_actor_given_by_email(tmp_path):
    staff = StaffUserFactory(email="importer@ilo.example.org")
    path = tmp_path / "calls.xlsx"
    path.write_bytes(_xlsx([_row()]))

    call_command("import_calls", str(path), "--actor", "Importer@ilo.example.org", stdout=io.StringIO())

    assert history_for(FundingCall.objects.get()).get().actor == staff


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_calls", "/nonexistent/calls.xlsx")

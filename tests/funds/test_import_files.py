"""Spreadsheets kept the way a small secretariat keeps them (a title row, a notes sheet
first, merged headers, hidden rows and columns, hyperlinks, the same call twice): the
import finds the data, merges what repeats, skips what is hidden and says so."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from funds.models import CallImport, FundingCall
from funds.services.curation import RESERVED_SLUGS
from funds.spreadsheet import ImportOptions, export_xlsx, import_calls, reading
from tests.factories.funds import FundingCallFactory
from tests.funds.test_import import NEXT_YEAR, _row, _xlsx

pytestmark = pytest.mark.django_db

Y = NEXT_YEAR


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _secretariat_workbook() -> bytes:
    """A notes sheet first; on the data sheet a title row, a blank row, a two-row header
    with "Amount" merged over Minimum/Maximum, a hidden phone column, a hidden 2024 row,
    French category names, dates typed as text, hyperlinks and the same call twice."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["How we keep this list"])
    notes.append(["Ask Amina before deleting rows."])
    ws = wb.create_sheet("Appels 2027")
    ws.append(["Funding calls followed by the secretariat — updated weekly"])
    ws.append([])
    ws.append(["Title", "Funder", "Summary", "Instrument", "Categories", "Amount", None, "Deadline", "Source URL", "Contact phone"])
    ws.append([None, None, None, None, None, "Minimum", "Maximum", None, None, None])
    ws.merge_cells("F3:G3")
    for column in "ABCDEHIJ":
        ws.merge_cells(f"{column}3:{column}4")
    rows = [
        ["Green Skills Fund", "GIZ", "Grants for green TVET.", "Project grant", "Formation professionnelle; Apprentissage",
         "EUR 10,000", "€25.000", f"31/03/{Y}", "https://giz.example.org/green", "+254 700 000 001"],
        ["Youth Challenge", "UNICEF", "Prizes for youth ideas.", "Challenge", "Entrepreneuriat", None, "USD 50,000",
         f"March 31, {Y}", "Call page", "+254 700 000 002"],
        ["Green Skills Fund", "GIZ", "Grants for green TVET.", "Project grant", "Formation professionnelle; Apprentissage",
         "EUR 10,000", "€25.000", f"31/03/{Y}", "http://GIZ.example.org/green/?utm_source=newsletter", "+254 700 000 001"],
        ["Old 2024 call", "ILO", "Closed long ago.", "Project grant", "", None, "1000", "2024-01-31", "https://ilo.example.org/old", ""],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    ws["I6"].hyperlink = "https://unicef.example.org/youth-challenge"
    ws.column_dimensions["J"].hidden = True
    ws.row_dimensions[8].hidden = True
    return _save(wb)


def test_a_secretariat_workbook_is_read_as_people_meant_it():
    report = import_calls(_secretariat_workbook(), actor=None, filename="suivi.xlsx")

    assert report.ok, report.errors
    assert (report.sheet, report.header_row, report.created, report.merged) == ("Appels 2027", 4, 2, 1)
    green = FundingCall.objects.get(title="Green Skills Fund")
    youth = FundingCall.objects.get(title="Youth Challenge")
    assert (green.amount_min, green.amount_max, green.currency) == (10000, 25000, "EUR")
    assert {c.slug for c in green.categories.all()} == {"training-delivery", "work-based-learning"}
    assert green.deadline.date() == dt.date(Y, 3, 31) and youth.deadline.date() == dt.date(Y, 3, 31)
    assert youth.source_url == "https://unicef.example.org/youth-challenge"  # the link's target, not "Call page"
    assert not FundingCall.objects.filter(title="Old 2024 call").exists()
    assert "+254" not in " ".join(FundingCall.objects.values_list("summary", flat=True))
    warnings = " ".join(report.warnings)
    assert "Appels 2027" in warnings
    assert "Row 7 repeats row 5" in warnings
    assert "Hidden columns were skipped: J (Contact phone)" in warnings
    assert "Hidden rows were skipped: 8" in warnings


def test_hidden_rows_and_columns_are_imported_when_asked():
    report = import_calls(_secretariat_workbook(), actor=None, filename="suivi.xlsx", options=ImportOptions(include_hidden=True))

    assert FundingCall.objects.filter(title="Old 2024 call").exists() or any("2024" in e.message for e in report.errors)
    assert any("Hidden columns were imported" in w for w in report.warnings)


def test_the_same_workbook_imported_again_changes_nothing():
    import_calls(_secretariat_workbook(), actor=None, filename="suivi.xlsx")

    again = import_calls(_secretariat_workbook(), actor=None, filename="suivi.xlsx")

    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert FundingCall.objects.count() == 2


@pytest.mark.parametrize(
    "written",
    [
        "https://trades.example.org/women/",
        "http://trades.example.org/women",
        "https://TRADES.example.org/women?utm_source=mail&utm_campaign=x",
        "https://www.trades.example.org/women#apply",
    ],
)
def test_a_source_url_written_differently_finds_the_same_call(written):
    call = FundingCallFactory(source_url="https://trades.example.org/women", contact="old@example.org")

    report = import_calls(_xlsx([{"Source URL": written, "Contact": "new@example.org"}]), actor=None, filename="x.xlsx")

    assert report.ok and report.updated == 1
    call.refresh_from_db()
    assert (call.contact, call.source_url) == ("new@example.org", "https://trades.example.org/women")


def test_rows_without_url_or_reference_match_on_funder_title_and_deadline():
    row = _row(**{"Source URL": None})

    first = import_calls(_xlsx([row]), actor=None, filename="x.xlsx")
    second = import_calls(_xlsx([row]), actor=None, filename="x.xlsx")

    assert first.created == 1
    assert (second.created, second.unchanged) == (0, 1)
    assert FundingCall.objects.count() == 1


def test_a_partial_import_saves_the_valid_rows_and_hands_back_the_others_with_their_errors():
    rows = [
        _row(),
        _row(Title="Broken call", Countries="Atlantis", **{"Source URL": "https://b.example.org/1"}),
        _row(Title="Third call", **{"Source URL": "https://b.example.org/3"}),
    ]

    report = import_calls(_xlsx(rows), actor=None, filename="x.xlsx", options=ImportOptions(partial=True))

    assert report.committed and report.created == 2
    assert set(FundingCall.objects.values_list("title", flat=True)) == {"Women in Technical Trades Grants", "Third call"}
    from funds.spreadsheet import rejected_rows_xlsx

    [header, rejected] = [list(r) for r in load_workbook(io.BytesIO(rejected_rows_xlsx(report))).active.iter_rows(values_only=True)]
    assert header[-1] == "Errors" and header[0] == "Title"
    assert rejected[0] == "Broken call" and "Atlantis" in rejected[-1]


def test_the_rejected_rows_fixed_are_imported_and_the_errors_column_is_ignored():
    rows = [_row(), _row(Title="Broken call", Countries="Atlantis", **{"Source URL": "https://b.example.org/1"})]
    report = import_calls(_xlsx(rows), actor=None, filename="x.xlsx", options=ImportOptions(partial=True))
    from funds.spreadsheet import rejected_rows_xlsx

    wb = load_workbook(io.BytesIO(rejected_rows_xlsx(report)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Countries") + 1, value="Kenya")

    fixed = import_calls(_save(wb), actor=None, filename="fixed.xlsx")

    assert fixed.ok, fixed.errors
    assert not fixed.warnings
    assert FundingCall.objects.filter(title="Broken call").exists()


def test_all_or_nothing_stays_the_default():
    rows = [_row(), _row(Title="Broken call", Countries="Atlantis", **{"Source URL": "https://b.example.org/1"})]

    report = import_calls(_xlsx(rows), actor=None, filename="x.xlsx")

    assert not report.committed and not FundingCall.objects.exists()
    assert "Nothing was imported" in report.summary()


def test_empty_styled_rows_down_the_sheet_are_not_rows():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Calls")
    header = list(_row())
    ws.append(header)
    ws.append([_row()[h] for h in header])
    for _ in range(reading.MAX_ROWS + 500):
        cell = WriteOnlyCell(ws, value=None)
        cell.font = Font(bold=True)
        ws.append([cell])

    report = import_calls(_save(wb), actor=None, filename="styled.xlsx")

    assert report.ok, report.errors
    assert report.created == 1


def _excel_style_xlsx(rows: list[list[str]]) -> bytes:
    """A workbook as Excel writes it: every text in the shared-strings table (openpyxl
    writes text inline)."""
    import zipfile
    from xml.sax.saxutils import escape

    strings = list(dict.fromkeys(v for row in rows for v in row))
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>{strings.index(v)}</v></c>' for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(v)}</t></si>" for v in strings) + "</sst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _excel_rows(count: int) -> list[list[str]]:
    header = ["Title", "Funder", "Summary", "Instrument", "Source URL"]
    return [header] + [[f"Call number {i} " + "words " * 20, "GIZ", "A call.", "Project grant", f"https://s.example.org/{i}"] for i in range(count)]


def test_a_workbook_written_by_excel_with_shared_strings_is_read():
    report = import_calls(_excel_style_xlsx(_excel_rows(3)), actor=None, filename="excel.xlsx")

    assert report.ok, report.errors
    assert FundingCall.objects.count() == 3


def test_a_shared_strings_table_past_the_limit_is_refused_before_loading(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHARED_STRINGS_BYTES", 2048)

    report = import_calls(_excel_style_xlsx(_excel_rows(40)), actor=None, filename="big.xlsx")

    assert report.errors[0].row is None and "too much text" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_more_rows_than_the_limit_are_refused_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [_row(Title=f"Call {i}", **{"Source URL": f"https://r.example.org/{i}"}) for i in range(20)]

    report = import_calls(_xlsx(rows), actor=None, filename="many.xlsx")

    assert "more than 3 rows" in report.errors[0].message


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_a_portal_id_that_is_a_page_of_the_portal_is_refused(slug):
    report = import_calls(_xlsx([_row(**{"Portal ID": slug})]), actor=None, filename="x.xlsx")

    assert [(e.row, e.column) for e in report.errors] == [(2, "Portal ID")]
    assert not FundingCall.objects.exists()


def test_a_call_titled_like_a_page_of_the_portal_gets_another_address():
    report = import_calls(_xlsx([_row(Title="Feed")]), actor=None, filename="x.xlsx")

    assert report.ok
    assert FundingCall.objects.get().slug not in RESERVED_SLUGS


def test_every_fixed_route_under_funds_is_a_reserved_slug():
    from funds.urls import urlpatterns

    fixed = {str(p.pattern).split("/")[0].split(".")[0] for p in urlpatterns if "<" not in str(p.pattern)} - {""}

    assert fixed <= RESERVED_SLUGS


def test_the_admin_form_refuses_a_reserved_portal_id(staff_client):
    from funds.forms import FundingCallAdminForm

    form = FundingCallAdminForm(data={"title": "Feed", "slug": "mine"})

    assert not form.is_valid()
    assert "slug" in form.errors


def test_an_exported_file_re_imports_with_zero_changes_even_with_trailing_newlines():
    FundingCallFactory(description="## Who\n\nEveryone.\n", title="Call A", source_url="https://x.example.org/a")
    FundingCallFactory(title="Call B", reference="REF-B", source_url="", is_rolling=True, deadline=None)
    content = export_xlsx(FundingCall.objects.order_by("pk"))

    report = import_calls(content, actor=None, filename="export.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_the_command_line_shows_progress_and_writes_the_rejected_rows(tmp_path, capsys):
    path = tmp_path / "calls.xlsx"
    rejected = tmp_path / "rejected.xlsx"
    path.write_bytes(_xlsx([_row(), _row(Title="Broken", Countries="Atlantis", **{"Source URL": "https://c.example.org/2"})]))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 row"):
        call_command("import_calls", str(path), "--partial", "--rejected", str(rejected), stdout=out, stderr=err)

    assert "100%" in err.getvalue()
    assert rejected.exists()
    assert FundingCall.objects.count() == 1


def test_the_admin_import_runs_in_the_background_and_offers_the_rejected_rows(staff_client):
    content = _xlsx([_row(), _row(Title="Broken", Countries="Atlantis", **{"Source URL": "https://c.example.org/2"})])
    from django.core.files.uploadedfile import SimpleUploadedFile

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(
            reverse("admin:funds_fundingcall_import"),
            {"file": SimpleUploadedFile("calls.xlsx", content), "partial": "on", "date_order": "auto"},
        )
    record = CallImport.objects.get()
    page = staff_client.get(response.url)
    progress = staff_client.get(reverse("admin:funds_fundingcall_import_progress", args=[record.pk])).json()
    download = staff_client.get(reverse("admin:funds_fundingcall_import_rejected", args=[record.pk]))

    assert response.url == reverse("admin:funds_fundingcall_import_status", args=[record.pk])
    assert (record.state, record.outcome, record.created) == ("done", "partial", 1)
    assert progress == {"state": "done", "done": 1, "total": 1, "percent": 100}
    assert "Atlantis" in page.text and "rejected-download" in page.text
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(download.content)).active["A2"].value == "Broken"


def test_a_dry_run_can_be_imported_without_choosing_the_file_again(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with TestCase.captureOnCommitCallbacks(execute=True):
        staff_client.post(reverse("admin:funds_fundingcall_import"),
                          {"file": SimpleUploadedFile("calls.xlsx", _xlsx([_row()])), "dry_run": "on", "date_order": "auto"})  # fmt: skip
    dry = CallImport.objects.get()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(reverse("admin:funds_fundingcall_import_again", args=[dry.pk]))

    real = CallImport.objects.exclude(pk=dry.pk).get()
    assert response.status_code == 302
    assert (dry.outcome, real.outcome, real.created) == ("dry_run", "imported", 1)
    assert FundingCall.objects.count() == 1


def test_people_who_may_not_import_cannot_see_an_import(client, login_with_mfa):
    from tests.factories.members import UserFactory

    record = CallImport.objects.create(via="admin", filename="x.xlsx", state="done", outcome="imported")
    login_with_mfa(client, UserFactory(is_staff=True))

    assert client.get(reverse("admin:funds_fundingcall_import_status", args=[record.pk])).status_code == 403
    assert client.get(reverse("admin:funds_fundingcall_import_progress", args=[record.pk])).status_code == 403


def test_the_template_linked_from_the_readme_has_the_current_columns_and_imports_cleanly():
    from django.conf import settings

    from funds.spreadsheet import COLUMNS

    path = settings.BASE_DIR / "static" / "downloads" / "funding-calls-template.xlsx"
    wb = load_workbook(path)

    assert [c.value for c in wb["Calls"][1]] == [str(c.header) for c in COLUMNS]  # else: manage.py import_template
    assert "Read me" in wb.sheetnames
    assert import_calls(path.read_bytes(), actor=None, filename=path.name).ok

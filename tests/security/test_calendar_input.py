"""Control characters and line breaks in what people type: calendars written from any row
stay valid RFC 5545 (never a 500), and no way in keeps a newline in a one-line field."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import Workbook

from core.text import multi_line, single_line
from funds.models import FundingCall
from funds.spreadsheet import export_csv, export_xlsx, import_calls
from taxonomy.models import SkillCategory
from tests.factories.funds import CallRoundFactory, FunderFactory, FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

# Every kind of line break and control character a paste or a script can bring.
NASTY = "Youth\nSkills\r\nFund\r2026\t\x01\x07\x1b[31m\x7f\x85\u2028end"
CONTROL = {chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))} | {"\u2028", "\u2029"}


def _legacy_row():
    """A call whose text was stored before input was cleaned. Written in SQL: every
    ORM write, even QuerySet.update(), now goes through the fields' cleaning."""
    call = FundingCallFactory(title="placeholder", slug="legacy-call")
    round_ = CallRoundFactory(call=call, name="placeholder", deadline=timezone.now() + timedelta(days=20))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE funds_fundingcall SET title = %s, summary = %s WHERE id = %s",
            [NASTY, "First line\nsecond\x0bline\x1b[0m", call.pk],
        )
        cursor.execute("UPDATE funds_funder SET name = %s WHERE id = %s", ["Funder\nwith\x02 break", call.funder_id])
        cursor.execute("UPDATE funds_callround SET name = %s WHERE id = %s", ["Round\n\x03one", round_.pk])
    assert FundingCall.objects.values_list("title", flat=True).get(pk=call.pk) == NASTY
    return call


def _check_ics(content: bytes) -> Calendar:
    # RFC 5545: CRLF line ends, lines folded at 75 octets, no control characters other
    # than HTAB inside a line.
    assert content.endswith(b"\r\n")
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line
        assert not (set(line.decode()) - {"\t"}) & CONTROL, line
    return Calendar.from_ical(content)


@pytest.mark.parametrize("path", ["/funds/legacy-call/calendar.ics", "/funds/deadlines.ics"])
def test_calendars_of_a_call_with_control_characters_are_valid_not_a_500(client, path):
    _legacy_row()
    response = client.get(path)

    assert response.status_code == 200
    cal = _check_ics(response.content)
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert summaries == ["Deadline (Round one): Youth Skills Fund 2026 [31m end"]
    description = str(cal.walk("VEVENT")[0]["DESCRIPTION"])
    assert description.startswith("Funder with break. Deadline ")
    assert "First line\nsecond\nline[0m" in description
    if path.endswith("calendar.ics"):
        assert str(cal["X-WR-CALNAME"]) == "Youth Skills Fund 2026 [31m end"


def test_special_characters_are_escaped_and_long_text_folded_per_rfc_5545(client):
    FundingCallFactory(slug="escaped", title="Grants; loans, and \\ prizes — " + "é" * 80)
    response = client.get("/funds/escaped/calendar.ics")
    raw = response.content.decode()
    assert "Grants\\; loans\\, and \\\\ prizes" in raw
    _check_ics(response.content)
    unfolded = raw.replace("\r\n ", "")
    assert "X-WR-CALNAME:Grants\\; loans\\, and \\\\ prizes — " + "é" * 80 + "\r\n" in unfolded


def test_the_feeds_and_exports_of_a_call_with_control_characters_work(client):
    _legacy_row()
    assert client.get("/funds/feed/").status_code == 200
    assert client.get("/funds/feed/atom/").status_code == 200
    calls = FundingCall.objects.filter(slug="legacy-call")
    assert "Youth Skills Fund 2026 [31m end" in export_csv(calls)
    assert export_xlsx(calls)  # openpyxl refuses control characters


# --- The one normaliser ---------------------------------------------------------------------


def test_single_line_turns_breaks_into_one_space_and_drops_control_characters():
    assert single_line(NASTY) == "Youth Skills Fund 2026 [31m end"
    assert single_line("  Fonds\u00a0: appel  ") == "Fonds\u00a0: appel"  # a French no-break space stays
    assert single_line("\u200fمنحة\u200f") == "\u200fمنحة\u200f"  # direction marks stay
    assert single_line(None) == ""


def test_multi_line_keeps_paragraphs_and_drops_control_characters():
    assert multi_line("a\r\nb\rc\u2028d\x00\x1be\tf\x0bg\r\n") == "a\nb\nc\nde\tf\ng\n"
    assert multi_line("one\n\ntwo") == "one\n\ntwo"


# --- Every way in cleans one-line fields --------------------------------------------------


def test_saving_a_model_cleans_its_text_fields():
    call = FundingCallFactory(title=NASTY, reference="REF\n1", summary="One\r\ntwo\x00", funder=FunderFactory(name="A\tfunder\n"))
    call.refresh_from_db()
    assert call.title == "Youth Skills Fund 2026 [31m end"
    assert call.reference == "REF 1"
    assert call.summary == "One\ntwo"
    assert call.funder.name == "A funder"
    FundingCall.objects.filter(pk=call.pk).update(title="Bulk\nupdate\x01")
    assert FundingCall.objects.values_list("title", flat=True).get(pk=call.pk) == "Bulk update"


def test_the_admin_saves_a_title_without_its_line_breaks(client, login_with_mfa):
    from tests.funds.test_admin import _form_data

    login_with_mfa(client, StaffUserFactory())
    response = client.post(reverse("admin:funds_fundingcall_add"), _form_data(title="Admin\r\ncall\x01 title"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FundingCall.objects.filter(title="Admin call title").exists()


def test_a_suggestion_keeps_no_line_breaks_in_its_title_or_funder(client):
    member = ApprovedMemberFactory().user
    client.force_login(member)
    response = client.post(
        reverse("funds:call-suggest"),
        {
            "title": "Digital\nskills\x00 for women",
            "funder_name": "Rural\r\nFutures\tFund",
            "funder_type": "private_foundation",
            "source_url": "https://fund.example.org/digital-women",
            "instrument": "project_grant",
            "summary": "Small grants.\r\nFor rural areas.\x07",
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "currency": "USD",
            "categories": [c.pk for c in SkillCategory.objects.filter(slug="core-life-skills")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = FundingCall.objects.get(suggested_by=member)
    assert call.title == "Digital skills for women"
    assert call.funder.name == "Rural Futures Fund"
    assert call.summary == "Small grants.\nFor rural areas."


def _xlsx(row: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Calls"
    ws.append(list(row))
    ws.append(list(row.values()))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_imported_spreadsheet_keeps_no_line_breaks_in_one_line_fields():
    row = {
        "Title": "Imported\ncall\r\ntitle",
        "Funder": "Imported\nFoundation",
        "Summary": "Line one\nLine two",
        "Description": "## Heading\n\nParagraph",
        "Instrument": "project_grant",
        "Reference": "REF\t42",
        "Deadline": f"{timezone.now().year + 1}-05-31 17:00",
    }
    report = import_calls(_xlsx(row), actor=StaffUserFactory(), filename="calls.xlsx")
    assert report.ok, report.errors
    call = FundingCall.objects.get(reference="REF 42")
    assert call.title == "Imported call title"
    assert call.funder.name == "Imported Foundation"
    assert call.summary == "Line one\nLine two"
    assert call.description == "## Heading\n\nParagraph"


def test_an_imported_csv_with_a_nul_and_control_characters_is_cleaned_not_a_crash():
    header = "Title,Funder,Summary,Instrument,Reference\r\n"
    row = 'Csv\x00 call\x01,Csv\x1b Fund,"Two\x00 lines\r\nhere",project_grant,CSV-1\r\n'
    # A NUL in the first 4 KB makes the import refuse the file as "not text": the blank
    # rows (skipped by the import) put this one further down.
    data = (header + ",,,,\r\n" * 1000 + row).encode()
    report = import_calls(data, actor=StaffUserFactory(), filename="calls.csv")
    assert report.ok, report.errors
    call = FundingCall.objects.get(reference="CSV-1")
    assert call.title == "Csv call"
    assert call.funder.name == "Csv Fund"
    assert call.summary == "Two lines\nhere"


def test_an_imported_description_over_the_limit_is_a_clear_error():
    row = {"Title": "Long", "Funder": "F", "Summary": "S", "Instrument": "project_grant", "Description": "a" * 20_001}
    report = import_calls(_xlsx(row), actor=StaffUserFactory(), filename="calls.xlsx")
    assert not report.ok
    (error,) = report.errors
    assert error.column == "Description"
    assert "At most 20000 characters" in error.message

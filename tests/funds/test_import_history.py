"""The import history: every spreadsheet import, dry run and refused file is kept with
its report, for staff to look back on in the admin."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from funds.models import CallImport, FundingCall
from tests.factories.members import StaffUserFactory, UserFactory
from tests.funds.test_import import _row, _xlsx

pytestmark = pytest.mark.django_db

IMPORT = "admin:funds_fundingcall_import"
HISTORY = "admin:funds_callimport_changelist"


def _upload(client, content: bytes, *, name: str = "calls.xlsx", dry_run: bool = False):
    data = {"file": SimpleUploadedFile(name, content), "date_order": "auto"}
    if dry_run:
        data["dry_run"] = "on"
    # The admin queues the import after commit; the (eager) worker runs it then.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse(IMPORT), data)
    assert response.status_code == 302, response.content
    return response


def test_an_import_from_the_admin_is_kept_with_its_counts_file_and_author(staff_client, staff):
    content = _xlsx([_row(), _row(Title="Second call", **{"Source URL": "https://trades.example.org/second"})])

    _upload(staff_client, content, name="network-calls.xlsx")

    record = CallImport.objects.get()
    assert (record.outcome, record.via, record.created_by) == (CallImport.Outcome.IMPORTED, CallImport.Via.ADMIN, staff)
    assert (record.created, record.updated, record.unchanged, record.error_count) == (2, 0, 0, 0)
    assert record.filename == "network-calls.xlsx"
    assert (record.size, record.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert [row["title"] for row in record.rows] == ["Women in Technical Trades Grants", "Second call"]
    assert {row["call_id"] for row in record.rows} == set(FundingCall.objects.values_list("pk", flat=True))
    assert record.funders_created == ["Trades Foundation"]


def test_a_refused_file_is_kept_with_every_error_while_nothing_is_imported(staff_client):
    content = _xlsx([_row(), _row(Title="", Instrument="magic beans", **{"Source URL": "https://x.example.org/2"})])

    _upload(staff_client, content)

    assert not FundingCall.objects.exists()
    record = CallImport.objects.get()
    assert record.outcome == CallImport.Outcome.REFUSED
    assert record.error_count == len(record.errors) >= 2
    assert {error["row"] for error in record.errors} == {3}
    assert all(error["message"] for error in record.errors)


def test_a_dry_run_is_kept_as_a_dry_run(staff_client):
    _upload(staff_client, _xlsx([_row()]), dry_run=True)

    record = CallImport.objects.get()
    assert record.outcome == CallImport.Outcome.DRY_RUN
    assert record.created == 1
    assert not FundingCall.objects.exists()


def test_an_unreadable_file_is_kept_with_the_reason(staff_client):
    from tests.funds.test_import import _zip_with_a_text_file

    _upload(staff_client, _zip_with_a_text_file(), name="calls.xlsx")  # a zip, but no workbook inside

    record = CallImport.objects.get()
    assert record.outcome == CallImport.Outcome.REFUSED
    assert record.errors[0]["row"] is None and record.errors[0]["message"]


def test_the_command_line_import_is_kept_too(tmp_path):
    staff = StaffUserFactory(email="cli@ilo.example.org")
    path = tmp_path / "calls.xlsx"
    path.write_bytes(_xlsx([_row()]))

    call_command("import_calls", str(path), "--actor", staff.email, stdout=open("/dev/null", "w"))  # noqa: SIM115

    record = CallImport.objects.get()
    assert (record.via, record.created_by, record.filename, record.created) == (
        CallImport.Via.COMMAND, staff, "calls.xlsx", 1,
    )


def test_a_refused_command_line_import_is_kept_and_still_fails(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(_xlsx([_row(Title="")]))

    with pytest.raises(CommandError):
        call_command("import_calls", str(path), stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115

    record = CallImport.objects.get()
    assert (record.outcome, record.created_by) == (CallImport.Outcome.REFUSED, None)


def test_staff_read_the_history_and_each_report_but_cannot_change_it(staff_client):
    _upload(staff_client, _xlsx([_row(Title="Green <b>skills</b> call")]), name="weekly.xlsx")
    record = CallImport.objects.get()

    listing = staff_client.get(reverse(HISTORY))
    detail = staff_client.get(reverse("admin:funds_callimport_change", args=[record.pk]))

    assert listing.status_code == 200 and "weekly.xlsx" in listing.text
    assert detail.status_code == 200
    assert "Green &lt;b&gt;skills&lt;/b&gt; call" in detail.text  # escaped, not rendered
    assert reverse("admin:funds_fundingcall_change", args=[record.rows[0]["call_id"]]) in detail.text
    assert staff_client.get(reverse("admin:funds_callimport_add")).status_code == 403
    assert staff_client.post(reverse("admin:funds_callimport_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert CallImport.objects.filter(pk=record.pk).exists()


def test_the_import_page_links_to_the_history(staff_client):
    assert reverse(HISTORY) in staff_client.get(reverse(IMPORT)).text


def test_people_without_staff_rights_cannot_read_the_history(client, login_with_mfa):
    login_with_mfa(client, UserFactory(is_staff=True))  # staff flag but no group: no permissions

    assert client.get(reverse(HISTORY)).status_code == 403

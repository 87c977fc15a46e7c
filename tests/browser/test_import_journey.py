"""End to end, in headless Chromium against the live server: a curator uploads a
spreadsheet in the admin, watches the progress bar while the worker imports it, reads
the report, downloads the rejected rows, fixes one and imports it again.

The task is published to Redis with no worker listening; the test runs the worker's
service itself (funds.services.imports.call_import_run) while the page polls, so the
page is seen before, during and after the run. The page's script is a static file under
the portal's strict CSP (no inline JavaScript)."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from funds.models import CallImport, FundingCall
from funds.services.imports import call_import_run
from tests.factories.mfa import sign_in_with_mfa
from tests.funds.test_import import _row, _xlsx
from tests.integration.harness import publishing_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _upload(page: Page, name: str, content: bytes, *, partial: bool) -> CallImport:
    page.goto("/admin/funds/fundingcall/import/")
    page.get_by_label("Spreadsheet").set_input_files({"name": name, "mimeType": "application/octet-stream", "buffer": content})
    page.get_by_label(re.compile("Dry run")).uncheck()
    if partial:
        page.get_by_label(re.compile("Import the valid rows")).check()
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(re.compile(r"/admin/funds/fundingcall/import/\d+/$"))
    return CallImport.objects.latest("pk")


def test_a_curator_imports_watches_progress_fixes_the_rejected_row_and_imports_it(page: Page, ilo_staff):
    rows = [_row(Title=f"Call {i}", **{"Source URL": f"https://b.example.org/{i}"}) for i in range(30)]
    rows.append(_row(Title="Broken call", Countries="Atlantis", **{"Source URL": "https://b.example.org/broken"}))
    page.goto("/accounts/login/?next=/admin/")
    sign_in_with_mfa(page, ilo_staff)

    with publishing_to(settings.REDIS_URL):
        record = _upload(page, "weekly.xlsx", _xlsx(rows), partial=True)
        bar = page.locator("progress#import-progress")
        expect(bar).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")

        call_import_run(import_id=record.pk)  # the worker's part

        expect(page.locator("#import-summary")).to_contain_text("Imported the valid rows", timeout=15_000)
        expect(page.locator("#import-errors")).to_contain_text("Atlantis")
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Download the rejected rows")).click()
        wb = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
        ws = wb.active
        header = [c.value for c in ws[1]]
        assert ws.cell(row=2, column=1).value == "Broken call" and header[-1] == "Errors"
        ws.cell(row=2, column=header.index("Countries") + 1, value="Kenya")
        fixed = io.BytesIO()
        wb.save(fixed)

        again = _upload(page, "rejected-fixed.xlsx", fixed.getvalue(), partial=False)
        call_import_run(import_id=again.pk)

        expect(page.locator("#import-summary")).to_contain_text("Imported: 1 created", timeout=15_000)
    assert FundingCall.objects.count() == 31
    assert FundingCall.objects.get(title="Broken call").eligible_countries[0].code == "KE"

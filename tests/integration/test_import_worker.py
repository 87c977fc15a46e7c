"""The admin's spreadsheet import end to end with a real Celery worker, Redis and
PostgreSQL: the stored upload is imported by the worker, the progress endpoint follows
it, the history keeps the report, and the task delivered twice imports once."""

from __future__ import annotations

import pytest

from funds.models import CallImport, FundingCall
from funds.services.imports import call_import_progress, call_import_start
from funds.spreadsheet import ImportOptions
from funds.tasks import call_import_run as call_import_run_task
from tests.factories.members import StaffUserFactory
from tests.funds.test_import import _row, _xlsx

from .harness import publishing_to, task_runs_done, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(120),
]


def test_a_queued_import_is_run_by_the_worker_and_its_report_kept(shared_broker_url, celery_worker_factory):
    staff = StaffUserFactory()
    rows = [_row(Title=f"Call {i}", **{"Source URL": f"https://w.example.org/{i}"}) for i in range(120)]
    rows.append(_row(Title="Broken", Countries="Atlantis", **{"Source URL": "https://w.example.org/broken"}))
    worker = celery_worker_factory(broker_url=shared_broker_url)

    with publishing_to(shared_broker_url):
        record = call_import_start(data=_xlsx(rows), filename="weekly.xlsx", actor=staff,
                                   options=ImportOptions(partial=True), language="fr")  # fmt: skip
        assert call_import_progress(record)["state"] == "queued"
        wait_for(lambda: CallImport.objects.get(pk=record.pk).state == "done", timeout=90, message="the import to finish")
        # Delivered again (a worker lost after the run, say): nothing happens twice.
        call_import_run_task.delay(record.pk)
        wait_for(lambda: task_runs_done(worker, "call_import_run") >= 2, timeout=30, message="the second delivery")

    record.refresh_from_db()
    assert (record.outcome, record.created, record.error_count) == ("partial", 120, 1)
    assert "Pays inconnu" in record.errors[0]["message"]  # the curator's language
    assert record.rejected_rows
    assert call_import_progress(record) == {"state": "done", "done": 1, "total": 1, "percent": 100}
    assert FundingCall.objects.count() == 120

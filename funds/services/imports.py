"""Spreadsheet imports as runs kept in the import history: started from the admin (the
upload is stored, a worker runs it, the page follows its progress) or run on the spot by
`manage.py import_calls`."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core.audit.services import log_action
from members.models import User

from ..models import CallImport
from ..spreadsheet import ImportOptions, import_calls, record_import, rejected_rows_xlsx
from .curation import require_curator

__all__ = ["call_import_again", "call_import_progress", "call_import_recorded", "call_import_run", "call_import_start"]

_PERMISSIONS = ("funds.add_fundingcall", "funds.change_fundingcall")
_PROGRESS_TTL = 3600


def _progress_key(import_id: int) -> str:
    return f"funds:call-import:{import_id}:progress"


def call_import_progress(record: CallImport) -> dict:
    """{"state", "done", "total", "percent"} for the progress bar. The counts live in
    the cache while the worker runs (the import's own transaction hides its writes)."""
    if record.state == CallImport.State.DONE:
        return {"state": record.state, "done": 1, "total": 1, "percent": 100}
    done, total = cache.get(_progress_key(record.pk)) or (0, 0)
    percent = int(done * 100 / total) if total else 0
    return {"state": record.state, "done": done, "total": total, "percent": min(percent, 99)}


def _options(options: ImportOptions) -> dict:
    return {"dry_run": options.dry_run, "partial": options.partial, "include_hidden": options.include_hidden, "date_order": options.date_order}


@transaction.atomic
def call_import_start(*, data: bytes, filename: str, actor: User, options: ImportOptions, language: str = "") -> CallImport:
    """Store an uploaded file as a queued import and hand it to a worker (after commit).
    Staff with funds.add_fundingcall and funds.change_fundingcall only (PermissionDenied)."""
    require_curator(actor, *_PERMISSIONS, system=False)
    from ..tasks import call_import_run as call_import_run_task

    record = CallImport.objects.create(
        created_by=actor, via=CallImport.Via.ADMIN, filename=(filename or "")[:255], size=len(data),
        state=CallImport.State.QUEUED, options=_options(options), language=language or translation.get_language() or "",
        upload=data,
    )  # fmt: skip
    log_action(obj=record, action="funds.import.queued", actor=actor, data={"filename": record.filename, **record.options})
    transaction.on_commit(lambda: call_import_run_task.delay(record.pk))
    return record


@transaction.atomic
def call_import_again(*, record: CallImport, actor: User, dry_run: bool = False) -> CallImport:
    """Queue the file of an earlier run again (a dry run, then the real import) without
    choosing it again. Same permissions as call_import_start."""
    require_curator(actor, *_PERMISSIONS, system=False)
    options = ImportOptions(**{**record.options, "dry_run": dry_run})
    return call_import_start(data=bytes(record.upload or b""), filename=record.filename, actor=actor, options=options, language=record.language)


def call_import_run(*, import_id: int) -> CallImport | None:
    """Run a queued import: the import and the completion of its history entry commit
    together, so a worker lost half-way leaves the entry queued and the task, delivered
    again, runs it from the start. A run already done (or running in another worker)
    is a no-op; returns None then."""
    with transaction.atomic():
        record = (
            CallImport.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=import_id, state__in=[CallImport.State.QUEUED, CallImport.State.RUNNING])
            .select_related("created_by")
            .first()
        )
        if record is None:
            return None
        key = _progress_key(record.pk)

        def progress(done: int, total: int) -> None:
            cache.set(key, (done, total), _PROGRESS_TTL)

        options = ImportOptions(**record.options)
        with translation.override(record.language or None):
            report = import_calls(bytes(record.upload or b""), actor=record.created_by, filename=record.filename, options=options, progress=progress)
            record = record_import(report, actor=record.created_by, via=record.via, record=record, rejected_file=rejected_rows_xlsx(report))
        log_action(obj=record, action="funds.import.finished", actor=record.created_by, data={"outcome": record.outcome, "errors": record.error_count})
    cache.delete(key)
    return record


def call_import_recorded(file, *, actor: User | None, via: str, options: ImportOptions, filename: str | None = None, progress=None):
    """Import on the spot (the command line) and keep the run in the history. Returns
    (report, record)."""
    report = import_calls(file, actor=actor, filename=filename, options=options, progress=progress)
    record = record_import(report, actor=actor, via=via, rejected_file=rejected_rows_xlsx(report))
    return report, record

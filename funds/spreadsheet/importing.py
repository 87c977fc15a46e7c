"""Importing funding calls from a spreadsheet (.xlsx or .csv).

1. Read the file (funds.spreadsheet.reading) and parse its rows
   (funds.spreadsheet.parsing): every problem of every cell is reported.
2. Match each row to an existing call or to an earlier row of the file
   (funds.spreadsheet.matching): a call is never created twice.
3. Write through the curation services inside ONE transaction, a savepoint per row.
4. All or nothing by default: any error (or a dry run) rolls everything back. With
   `partial`, the valid rows are saved and the others handed back (report.rejected,
   funds.spreadsheet.rejected builds the file to fix and re-import).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from members.models import User

from ..choices import FunderType, Source
from ..models import Funder, FundingCall
from ..search import update_search_vectors
from ..services.curation import (
    BATCH_SIZE,
    CallError,
    call_pending_changes,
    call_set_status,
    call_update,
    calls_create_many,
    funder_get_or_create,
    normalize_source_url,
    require_curator,
)
from .cells import Vocabulary, aware_datetime
from .matching import CallIndex, MatchError, row_keys
from .parsing import FIELD_COLUMN, ImportOptions, ParsedRow, column_name, parse_sheet
from .reading import MAX_FILE_SIZE, FileError, read_bytes, read_sheet
from .report import ImportReport, RowResult

__all__ = ["ImportOptions", "import_calls"]

Progress = Callable[[int, int], None]
_NEW_CALL_REQUIRED = ("title", "funder", "summary", "instrument")
_NOT_CALL_FIELDS = {"funder_type", "funder_country", "status", "link"}
_TEXT_FIELDS = {c.key for c in FIELD_COLUMN.values() if c.kind in {"text", "url", "tags"}}


def _resolve_funders(data: dict, *, actor, report: ImportReport, cache: dict[str, Funder]) -> dict:
    def get(name: str, type_: str = FunderType.OTHER, country: str = "") -> Funder:
        key = name.lower()
        if key not in cache:
            funder, created = funder_get_or_create(name=name, type=type_ or FunderType.OTHER, country=country, actor=actor)
            if created:
                report.funders_created.append(funder.name)
            cache[key] = funder
        return cache[key]

    values = {k: v for k, v in data.items() if k not in _NOT_CALL_FIELDS}
    if data.get("funder"):
        values["funder"] = get(data["funder"], data.get("funder_type") or FunderType.OTHER, data.get("funder_country") or "")
    if "co_funders" in data:
        values["co_funders"] = [get(name) for name in data["co_funders"]]
    if not values.get("slug"):
        values.pop("slug", None)
    return values


def _report_call_error(error: CallError, number: int, report: ImportReport) -> None:
    if not error.errors:
        report.error(number, "", str(error))
        return
    for name, messages in error.errors.items():
        column = column_name(name) if name in FIELD_COLUMN else ""
        for message in messages:
            report.error(number, column, message)


def _same_instant(old, new) -> bool:
    return isinstance(old, dt.datetime) and isinstance(new, dt.datetime) and old.replace(microsecond=0) == new.replace(microsecond=0)


def _drop_unchanged(call: FundingCall, values: dict) -> None:
    """What the sheet shows as the call already is does not count as a change: text
    that differs only by surrounding blanks, the same page written differently, the
    same instant to the second."""
    for key in list(values):
        old = getattr(call, key, None)
        new = values[key]
        same_text = key in _TEXT_FIELDS and isinstance(new, str) and (old or "").strip() == new.strip()
        same_page = key == "source_url" and normalize_source_url(new or "") == normalize_source_url(call.source_url)
        if same_text or same_page or _same_instant(old, new):
            values.pop(key)


def _deadline(values: dict, tz: str) -> None:
    if isinstance(values.get("deadline"), tuple):
        day, time = values["deadline"]
        values["deadline"] = aware_datetime(day, time, tz)


def _apply_row(row: ParsedRow, *, index: CallIndex, actor, report: ImportReport, funders: dict, seen: dict[int, int],
               pending: list | None, loaded: dict[int, FundingCall]) -> int | None:  # fmt: skip
    """Write one row, or queue its new call in `pending` (when not None) for
    calls_create_many: the call then stands in the index and in `seen` under the
    placeholder -row number until the batch is written. Returns the call's id (or the
    placeholder), None when the row was reported and not applied."""
    data = row.data
    try:
        existing_pk = index.match(data)
    except MatchError as error:
        report.error(row.number, column_name(error.column), error.message)
        return None
    if existing_pk is not None and existing_pk in seen:
        report.error(
            row.number,
            "",
            _("This row describes the same call as row %(row)s.") % {"row": seen[existing_pk]},
        )
        return None
    if existing_pk is None:
        missing = [key for key in _NEW_CALL_REQUIRED if not data.get(key)]
        for key in missing:
            report.error(row.number, column_name(key), _("Required for a new call."))
        if missing:
            return None
    status = data.get("status") or ""
    values = _resolve_funders(data, actor=actor, report=report, cache=funders)
    if existing_pk is None:
        _deadline(values, values.get("deadline_timezone") or "UTC")
        values.setdefault("slug", index.free_slug(values["title"]))
        if pending is not None and not status:
            placeholder = -row.number
            index.add(placeholder, slug=values["slug"], url=values.get("source_url") or "", reference=values.get("reference") or "",
                      title=values["title"], funder=values["funder"].name, deadline=values.get("deadline"),
                      tz=values.get("deadline_timezone") or "UTC")  # fmt: skip
            seen[placeholder] = row.number
            pending.append((row, values))
            return placeholder
        created = calls_create_many(
            items=[{**values, "source": Source.IMPORT}], actor=actor, reindex=False
        )
        if created.errors:
            raise created.errors[0]
        call = created.calls[0]
        action, changed = "created", sorted(values)
        index.add(call.pk, slug=call.slug, url=call.source_url, reference=call.reference, title=call.title,
                  funder=call.funder.name, deadline=call.deadline, tz=call.deadline_timezone)  # fmt: skip
    else:
        call = loaded.pop(existing_pk, None) or FundingCall.objects.select_related("funder").get(
            pk=existing_pk
        )
        values.pop("slug", None)  # a call's address never changes through an import
        _deadline(values, values.get("deadline_timezone") or call.deadline_timezone or "UTC")
        _drop_unchanged(call, values)
        changes = {}
        # An unchanged call (the same file again) costs no query: compared with what
        # was loaded for its batch of rows, not locked and read again by call_update.
        if call_pending_changes(call=call, data=values):
            call, changes = call_update(call=call, data=values, actor=actor, reindex=False)
        action, changed = ("updated" if changes else "unchanged"), sorted(changes)
    if status and status != call.status:
        try:
            call = call_set_status(call=call, status=status, actor=actor)
        except CallError as error:
            for message in [m for messages in error.errors.values() for m in messages] or [
                str(error)
            ]:
                report.error(row.number, column_name("status"), message)
            return None
        if action == "unchanged":
            action = "updated"
        changed.append("status")
    seen[call.pk] = row.number
    report.rows.append(
        RowResult(row=row.number, action=action, title=call.title, call_id=call.pk, changed=changed)
    )
    setattr(report, action, getattr(report, action) + 1)
    return call.pk


def _flush(
    pending: list, *, actor, report: ImportReport, seen: dict[int, int], touched: list[int]
) -> None:
    """Create the queued new calls (calls_create_many); a refused one fails its row."""
    if not pending:
        return
    created = calls_create_many(
        items=[{**values, "source": Source.IMPORT} for _row, values in pending],
        actor=actor,
        reindex=False,
    )
    for position, (row, values) in enumerate(pending):
        call = created.calls[position]
        if call is None:
            _report_call_error(created.errors[position], row.number, report)
            row.failed = True
            _reject(row, report)
            continue
        seen[call.pk] = row.number
        touched.append(call.pk)
        report.rows.append(
            RowResult(
                row=row.number,
                action="created",
                title=call.title,
                call_id=call.pk,
                changed=sorted(values),
            )
        )
        report.created += 1
    pending.clear()


def _reject(row: ParsedRow, report: ImportReport) -> None:
    report.rows.append(
        RowResult(row=row.number, action="error", title=str(row.data.get("title") or ""))
    )
    report.reject(
        row.source,
        [
            e.message if not e.column else f"{e.column}: {e.message}"
            for e in report.errors
            if e.row == row.number
        ],
    )


def _load_matched(rows: list[ParsedRow], index: CallIndex, loaded: dict[int, FundingCall]) -> None:
    """The existing calls these rows describe, with their links: three queries and one
    per link table for a batch of rows, instead of five per row."""
    pks = set()
    for row in rows:
        if row.failed:
            continue
        with contextlib.suppress(MatchError):
            pk = index.match(row.data)
            if pk is not None and pk > 0:
                pks.add(pk)
    if pks:
        calls = FundingCall.objects.select_related("funder").prefetch_related(
            "co_funders", "categories", "languages"
        )
        loaded.update(calls.in_bulk(sorted(pks)))


def _comparable(data: dict) -> dict:
    def value(key, v):
        if key in {"source_url", "apply_url"}:
            return normalize_source_url(v or "")
        return sorted(map(str, v)) if isinstance(v, list) else str(v)

    return {k: value(k, v) for k, v in data.items()}


def _merge_duplicates(rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
    """Rows of the file that describe the same call: an exact repeat is merged into the
    first (with a warning), a different one is an error naming the first row."""
    first_by_key: dict[tuple, ParsedRow] = {}
    kept = []
    for row in rows:
        if row.failed:
            kept.append(row)
            continue
        earlier = next((first_by_key[k] for k in row_keys(row.data) if k in first_by_key), None)
        if earlier is None:
            for key in row_keys(row.data):
                first_by_key[key] = row
            kept.append(row)
        elif _comparable(earlier.data) == _comparable(row.data):
            report.warnings.append(_("Row %(row)s repeats row %(first)s: imported once.") % {"row": row.number, "first": earlier.number})
            report.rows.append(RowResult(row=row.number, action="merged", title=str(row.data.get("title") or "")))
            report.merged += 1
        else:
            report.error(row.number, "", _("This row describes the same call as row %(row)s (same Portal ID, source URL, reference, or funder, title and deadline) with different values: keep one of them.") % {"row": earlier.number})
            row.failed = True
            kept.append(row)
    return kept


def _write(
    rows: list[ParsedRow],
    *,
    actor,
    report: ImportReport,
    options: ImportOptions,
    progress: Progress,
    done: int,
    total: int,
) -> None:
    touched: list[int] = []
    index = CallIndex()
    # Every funder known by its name (as funder_get_or_create matches it): one query.
    funders: dict[str, Funder] = {f.name.lower(): f for f in Funder.objects.all()}
    seen: dict[int, int] = {}
    # New calls wait here and are written BATCH_SIZE at a time by calls_create_many.
    pending: list[tuple[ParsedRow, dict]] = []
    loaded: dict[int, FundingCall] = {}
    for position, row in enumerate(rows, start=1):
        if (position - 1) % BATCH_SIZE == 0:
            loaded.clear()
            _load_matched(rows[position - 1 : position - 1 + BATCH_SIZE], index, loaded)
        if not row.failed:
            known_funders = dict(funders)
            errors_before = len(report.errors)
            # A row that writes in one service call (no status change, no new funder) is
            # undone by that service's own savepoint: no second one, two queries less.
            names = [row.data.get("funder") or "", *(row.data.get("co_funders") or [])]
            new_funders = any(n and n.lower() not in funders for n in names)
            several_writes = bool(row.data.get("status")) or new_funders
            # A new call waits for its batch unless its row must be undone as a whole
            # when the call is refused: a status to set, or (keeping the valid rows)
            # funders created for it.
            batched = not row.data.get("status") and not (options.partial and new_funders)
            try:
                with transaction.atomic() if several_writes else contextlib.nullcontext():
                    pk = _apply_row(row, index=index, actor=actor, report=report, funders=funders, seen=seen,
                                    pending=pending if batched else None, loaded=loaded)  # fmt: skip
                    if pk is None and several_writes:
                        raise _RowRefused
            except _RowRefused:
                pk = None
            except CallError as error:
                _report_call_error(error, row.number, report)
                pk = None
            except DatabaseError as error:
                report.error(
                    row.number, "", _("The database refused this row: %(error)s") % {"error": error}
                )
                pk = None
            if pk is None:
                # Funders created for a row that was rolled back no longer exist.
                funders.clear()
                funders.update(known_funders)
                row.failed = True
                if len(report.errors) == errors_before:
                    report.error(row.number, "", _("This row could not be imported."))
            elif pk > 0 and report.rows[-1].action != "unchanged":
                # An unchanged call keeps its search vector (recomputing 5,000 cost 1.4 s of
                # PostgreSQL CPU for nothing: bench/README.md).
                touched.append(pk)
        if row.failed:
            _reject(row, report)
        if len(pending) >= BATCH_SIZE:
            _flush(pending, actor=actor, report=report, seen=seen, touched=touched)
        if position % 50 == 0 or position == len(rows):
            progress(done + position, total)
    _flush(pending, actor=actor, report=report, seen=seen, touched=touched)
    if (report.errors and not options.partial) or options.dry_run:
        transaction.set_rollback(True)
    else:
        update_search_vectors(touched)


class _RowRefused(Exception):
    """Rolls back the savepoint of a row that was reported and not applied."""


def import_calls(file, *, actor: User | None, dry_run: bool = False, filename: str | None = None,
                 options: ImportOptions | None = None, progress: Progress | None = None) -> ImportReport:  # fmt: skip
    """Import calls from an .xlsx or .csv file (a path, bytes or an uploaded file).

    All or nothing by default: every row is checked and every problem reported (row,
    column, message); when there is any, or on a dry run, the database is left as it
    was. With options.partial the valid rows are saved and the others listed in
    report.rejected. Rows update the call with the same Portal ID, else source URL, else
    reference, else funder + title + deadline, and create the others (missing funders
    included); rows repeating an earlier row are merged. Idempotent: importing the same
    file again reports every row as unchanged. Never raises for bad input: problems with
    the file itself are errors without a row number. `progress(done, total)` is called
    as rows are read and written. Raises PermissionDenied for an actor who is not staff
    with funds.add_fundingcall and funds.change_fundingcall (None is the system:
    `manage.py import_calls` without --actor).
    """
    require_curator(actor, "funds.add_fundingcall", "funds.change_fundingcall")
    options = options or ImportOptions(dry_run=dry_run)
    progress = progress or (lambda done, total: None)
    report = ImportReport(dry_run=options.dry_run, partial=options.partial)
    try:
        data, name = read_bytes(file)
        name = filename or name
        report.filename, report.size = (name or "")[:255], len(data)
        report.sha256 = hashlib.sha256(data).hexdigest()
        if not data:
            raise FileError(_("The file is empty."))
        if len(data) > MAX_FILE_SIZE:
            raise FileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
        sheet = read_sheet(data, name)
    except FileError as error:
        report.error(None, "", str(error))
        return report

    _header, rows = parse_sheet(sheet, report, Vocabulary(), options)
    total = len(rows) * 2
    progress(len(rows), total)
    if not rows:
        return report
    rows = _merge_duplicates(rows, report)
    with transaction.atomic():
        _write(rows, actor=actor, report=report, options=options, progress=progress, done=total // 2, total=total)
    report.rows.sort(key=lambda r: r.row)
    # Rows refused when their batch was written are reported after the rows read later.
    report.errors.sort(key=lambda e: e.row or 0)
    report.rejected.sort(key=lambda rejected: rejected[0].number)
    return report

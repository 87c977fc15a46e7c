"""Importing funding calls from a spreadsheet (.xlsx or .csv), all or nothing.

1. Read the file (a clear ImportReport error for an empty, unreadable or wrong file).
2. Parse every row with the column spec of funds.spreadsheet.columns, collecting every error
   with its row number, column and message.
3. Match each row to an existing call (Portal ID, else source URL, else reference) or
   treat it as new; write through the curation services inside ONE transaction (a
   savepoint per row so later rows are still checked).
4. Roll everything back when any row failed or on a dry run. Re-importing the same file
   changes nothing (rows are "unchanged").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import User

from ..choices import EditorialStatus, FunderType, Source
from ..models import CallImport, Funder, FundingCall
from ..search import update_search_vectors
from ..services.curation import (
    CallError,
    call_create,
    call_set_status,
    call_update,
    funder_get_or_create,
    normalize_source_url,
    require_curator,
)
from .cells import CellError, Vocabulary, aware_datetime, cell_text, parse_cell
from .columns import COLUMNS, Column
from .reading import (
    HEADER_INDEX,
    MAX_FILE_SIZE,
    FileError,
    csv_rows,
    format_of,
    header_key,
    read_bytes,
    xlsx_rows,
)
from .report import ImportReport, RowResult, record_import

__all__ = ["import_calls", "import_calls_recorded"]


# --- Matching rows to calls -------------------------------------------------------------


class _CallIndex:
    def __init__(self):
        self.by_slug: dict[str, int] = {}
        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.by_reference: dict[str, list[int]] = defaultdict(list)
        self.reference_of: dict[int, str] = {}
        for pk, slug, url, reference in FundingCall.objects.values_list("pk", "slug", "source_url", "reference"):
            self.by_slug[slug] = pk
            if url:
                self.by_url[normalize_source_url(url)].append(pk)
            if reference:
                self.by_reference[reference.strip().lower()].append(pk)
            self.reference_of[pk] = (reference or "").strip().lower()

    def match(self, data: dict) -> int | None:
        """The existing call a row describes, or None for a new call. Raises CellError
        (with the column name as first argument) when several calls match."""
        slug = data.get("slug") or ""
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        reference = (data.get("reference") or "").strip().lower()
        url = normalize_source_url(data.get("source_url") or "")
        if url and self.by_url.get(url):
            candidates = self.by_url[url]
            if len(candidates) > 1 and reference:
                candidates = [pk for pk in candidates if self.reference_of.get(pk) == reference] or candidates
            if len(candidates) == 1:
                return candidates[0]
            raise CellError("Source URL", _("Several calls have this source URL: add their Portal ID or Reference."))
        if reference and self.by_reference.get(reference):
            candidates = self.by_reference[reference]
            if len(candidates) == 1:
                return candidates[0]
            raise CellError("Reference", _("Several calls have this reference: add their Portal ID."))
        return None


# --- The import -------------------------------------------------------------------------

_FIELD_COLUMN = {c.key: c.header for c in COLUMNS}
_NEW_CALL_REQUIRED = ("title", "funder", "summary", "instrument")
_NOT_CALL_FIELDS = {"funder_type", "funder_country", "status"}


@dataclass
class _Row:
    number: int
    data: dict
    failed: bool = False


def _parse_rows(raw_rows: list, report: ImportReport, vocab: Vocabulary) -> tuple[list[Column | None], list[_Row]]:
    header_at = next((i for i, row in enumerate(raw_rows) if any(cell_text(v) for v in row)), None)
    if header_at is None:
        report.error(None, "", _("The file is empty."))
        return [], []
    headers = [cell_text(v) for v in raw_rows[header_at]]
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for header in headers:
        column = HEADER_INDEX.get(header_key(header)) if header else None
        if header and column is None:
            report.warnings.append(_("Column “%(header)s” is not one the portal knows: it was ignored.") % {"header": header})
        if column is not None:
            if column.key in seen:
                report.error(header_at + 1, header, _("This column appears twice (also as “%(other)s”).") % {"other": seen[column.key]})
            seen[column.key] = header
        columns.append(column)
    if not seen:
        report.error(header_at + 1, "", _("No known column headers in the first row: download the column template and keep its header row."))
        return columns, []
    rows: list[_Row] = []
    for index in range(header_at + 1, len(raw_rows)):
        values = list(raw_rows[index])
        if not any(cell_text(v) for v in values):
            continue
        number = index + 1
        row = _Row(number=number, data={})
        for position, column in enumerate(columns):
            if column is None:
                continue
            value = values[position] if position < len(values) else None
            try:
                row.data[column.key] = parse_cell(column, value, vocab)
            except CellError as error:
                report.error(number, column.header, error.args[0])
                row.failed = True
        _check_row(row, report)
        rows.append(row)
    if not rows:
        report.error(None, "", _("The file has no calls: only a header row."))
    return columns, rows


def _check_row(row: _Row, report: ImportReport) -> None:
    data = row.data
    if data.get("last_verified_at") is not None:
        data["last_verified_at"] = aware_datetime(data["last_verified_at"], "UTC", end_of_day=False)

    def fail(key: str, message: str) -> None:
        report.error(row.number, _FIELD_COLUMN[key], message)
        row.failed = True

    if data.get("amount_min") is not None and data.get("amount_max") is not None and data["amount_min"] > data["amount_max"]:
        fail("amount_min", _("The minimum amount cannot exceed the maximum."))
    deadline = data.get("deadline")
    deadline_day = deadline.date() if isinstance(deadline, dt.datetime) else deadline
    if data.get("opens_on") and deadline_day and deadline_day < data["opens_on"]:
        fail("deadline", _("The deadline cannot be before the opening date."))
    if data.get("cofinancing_rate") is not None and data.get("cofinancing_required") is False:
        fail("cofinancing_rate", _("Give a co-financing rate only when co-financing is required."))
    if data.get("status") == EditorialStatus.REJECTED:
        fail("status", _("Reject calls in the admin, where the reason is sent to whoever suggested them."))


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


def _call_error_to_report(error: CallError, number: int, report: ImportReport) -> None:
    if not error.errors:
        report.error(number, "", str(error))
        return
    for name, messages in error.errors.items():
        column = _FIELD_COLUMN.get(name, "")
        for message in messages:
            report.error(number, column, message)


def _apply_row(row: _Row, *, index: _CallIndex, actor, report: ImportReport, funders: dict, seen: dict[int, int]) -> int | None:
    data = row.data
    try:
        existing_pk = index.match(data)
    except CellError as error:
        report.error(row.number, error.args[0], error.args[1])
        return None
    if existing_pk is not None and existing_pk in seen:
        report.error(row.number, "", _("This row describes the same call as row %(row)s.") % {"row": seen[existing_pk]})
        return None
    if existing_pk is None:
        missing = [key for key in _NEW_CALL_REQUIRED if not data.get(key)]
        for key in missing:
            report.error(row.number, _FIELD_COLUMN[key], _("Required for a new call."))
        if missing:
            return None
    status = data.get("status") or ""
    values = _resolve_funders(data, actor=actor, report=report, cache=funders)
    if existing_pk is None:
        if values.get("deadline") is not None:
            values["deadline"] = aware_datetime(values["deadline"], values.get("deadline_timezone") or "UTC", end_of_day=True)
        call = call_create(data={**values, "source": Source.IMPORT}, actor=actor, reindex=False)
        action, changed = "created", sorted(values)
    else:
        call = FundingCall.objects.get(pk=existing_pk)
        values.pop("slug", None)  # a call's address never changes through an import
        if normalize_source_url(values.get("source_url") or "") == normalize_source_url(call.source_url):
            values.pop("source_url", None)  # the same page written differently
        if values.get("deadline") is not None:
            tz = values.get("deadline_timezone") or call.deadline_timezone or "UTC"
            values["deadline"] = aware_datetime(values["deadline"], tz, end_of_day=True)
        call, changes = call_update(call=call, data=values, actor=actor, reindex=False)
        action, changed = ("updated" if changes else "unchanged"), sorted(changes)
    if status and status != call.status:
        try:
            call = call_set_status(call=call, status=status, actor=actor)
        except CallError as error:
            for message in [m for messages in error.errors.values() for m in messages] or [str(error)]:
                report.error(row.number, _FIELD_COLUMN["status"], message)
            return None
        if action == "unchanged":
            action = "updated"
        changed.append("status")
    seen[call.pk] = row.number
    report.rows.append(RowResult(row=row.number, action=action, title=call.title, call_id=call.pk, changed=changed))
    setattr(report, action, getattr(report, action) + 1)
    return call.pk


def import_calls(file, *, actor: User | None, dry_run: bool = False, filename: str | None = None) -> ImportReport:
    """Import calls from an .xlsx or .csv file (a path, bytes or an uploaded file).

    All or nothing: every row is checked and every error reported (row, column,
    message); when there is any error, or on a dry run, the database is left as it was.
    Rows update the call with the same Portal ID, else source URL, else reference, and
    create the others (missing funders included). Idempotent: importing the same file
    again reports every row as unchanged. Never raises for bad input: problems with the
    file itself are reported as errors without a row number. Raises PermissionDenied
    for an actor who is not staff with funds.add_fundingcall and
    funds.change_fundingcall (None is the system: `manage.py import_calls` without
    --actor).
    """
    require_curator(actor, "funds.add_fundingcall", "funds.change_fundingcall")
    report = ImportReport(dry_run=dry_run)
    try:
        data, name = read_bytes(file)
        name = filename or name
        report.filename, report.size = (name or "")[:255], len(data)
        report.sha256 = hashlib.sha256(data).hexdigest()
        if not data:
            raise FileError(_("The file is empty."))
        if len(data) > MAX_FILE_SIZE:
            raise FileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
        raw_rows = xlsx_rows(data) if format_of(name, data) == "xlsx" else csv_rows(data)
    except FileError as error:
        report.error(None, "", str(error))
        return report

    vocab = Vocabulary()
    _columns, rows = _parse_rows(raw_rows, report, vocab)
    if not rows:
        return report

    touched: list[int] = []
    with transaction.atomic():
        index = _CallIndex()
        funders: dict[str, Funder] = {}
        seen: dict[int, int] = {}
        for row in rows:
            if row.failed:
                report.rows.append(RowResult(row=row.number, action="error", title=str(row.data.get("title") or "")))
                continue
            known_funders = dict(funders)
            try:
                with transaction.atomic():
                    pk = _apply_row(row, index=index, actor=actor, report=report, funders=funders, seen=seen)
            except CallError as error:
                _call_error_to_report(error, row.number, report)
                pk = None
            except IntegrityError as error:
                report.error(row.number, "", _("The database refused this row: %(error)s") % {"error": error})
                pk = None
            if pk is None:
                # Funders created for a row that was rolled back no longer exist.
                funders.clear()
                funders.update(known_funders)
            if pk is None and not any(r.row == row.number for r in report.rows):
                report.rows.append(RowResult(row=row.number, action="error", title=str(row.data.get("title") or "")))
            if pk is not None:
                touched.append(pk)
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            update_search_vectors(touched)
    return report


def import_calls_recorded(
    file, *, actor: User | None, via: str, dry_run: bool = False, filename: str | None = None
) -> tuple[ImportReport, CallImport]:
    """`import_calls`, then its entry in the import history (the admin page and the
    management command go through here)."""
    report = import_calls(file, actor=actor, dry_run=dry_run, filename=filename)
    return report, record_import(report, actor=actor, via=via)

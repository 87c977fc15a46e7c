"""The report of one spreadsheet import (rows created, updated, unchanged, merged, every
error with its row and column, the rejected rows) and its entry in the import history
(CallImport)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.models import User

from ..models import CallImport

__all__ = ["ImportReport", "RowError", "RowResult", "record_import"]


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number as Excel shows it; None for the file
    column: str
    message: str

    def __str__(self) -> str:
        where = [_("Row %(row)s") % {"row": self.row} if self.row else _("File")]
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class RowResult:
    row: int
    action: str  # created | updated | unchanged | merged | error
    title: str
    call_id: int | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool = False
    partial: bool = False
    filename: str = ""
    size: int = 0
    sha256: str = ""
    sheet: str = ""
    header_row: int | None = None
    headers: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    funders_created: list[str] = field(default_factory=list)
    # (the row as read, its problems): what funds.spreadsheet.rejected writes back.
    rejected: list[tuple] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def committed(self) -> bool:
        """Whether changes were saved (no errors, or the valid rows of a partial import)."""
        if self.dry_run:
            return False
        return self.ok or (self.partial and (self.created + self.updated + self.unchanged) > 0)

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=str(column), message=str(message)))

    def reject(self, source, messages: list[str]) -> None:
        self.rejected.append((source, messages))

    def counts(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def summary(self) -> str:
        if self.errors and self.partial and not self.dry_run and self.committed:
            return _("Imported the valid rows: %(counts)s. %(count)s row(s) rejected: download them, fix them and import them again.") % {
                "counts": self.counts(), "count": len(self.rejected)
            }
        if self.errors and self.partial and self.dry_run:
            return _("Dry run, nothing saved. The valid rows would give: %(counts)s; %(count)s row(s) would be rejected.") % {
                "counts": self.counts(), "count": len(self.rejected)
            }
        if self.errors:
            return _("Nothing was imported: %(count)s error(s) to fix.") % {"count": len(self.errors)}
        if self.dry_run:
            return _("Dry run, nothing saved. The import would give: %(counts)s.") % {"counts": self.counts()}
        return _("Imported: %(counts)s.") % {"counts": self.counts()}


def _outcome(report: ImportReport) -> str:
    if report.dry_run:
        return CallImport.Outcome.DRY_RUN
    if report.has_errors:
        return CallImport.Outcome.PARTIAL if report.committed else CallImport.Outcome.REFUSED
    return CallImport.Outcome.IMPORTED


def record_import(report: ImportReport, *, actor: User | None, via: str, record: CallImport | None = None,
                  rejected_file: bytes | None = None) -> CallImport:  # fmt: skip
    """Keep an import run in the history staff see in the admin, whatever its outcome:
    a new entry, or `record` (a background import's entry) completed."""
    record = record or CallImport(created_by=actor if actor is not None and actor.pk else None, via=via)
    record.filename = record.filename or report.filename
    record.size = report.size or record.size
    record.sha256 = report.sha256 or record.sha256
    record.outcome = _outcome(report)
    record.state = CallImport.State.DONE
    record.summary = report.summary()
    record.sheet = report.sheet[:100]
    record.created = report.created
    record.updated = report.updated
    record.unchanged = report.unchanged
    record.merged = report.merged
    record.error_count = len(report.errors)
    record.errors = [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors]
    record.warnings = list(report.warnings)
    record.rows = [
        {"row": r.row, "action": r.action, "title": r.title, "call_id": r.call_id, "changed": r.changed} for r in report.rows
    ]
    record.funders_created = list(report.funders_created)
    record.rejected_rows = rejected_file
    record.save()
    return record

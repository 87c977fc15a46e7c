"""The report of one spreadsheet import (rows created, updated, unchanged, every error
with its row and column) and its entry in the import history (CallImport)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.models import User

from ..models import CallImport

__all__ = ["ImportReport", "RowError", "RowResult", "record_import"]


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (the header is row 1); None for the file
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
    action: str  # created | updated | unchanged | error
    title: str
    call_id: int | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool = False
    filename: str = ""
    size: int = 0
    sha256: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    funders_created: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def committed(self) -> bool:
        """Whether the changes were saved (no errors and not a dry run)."""
        return self.ok and not self.dry_run

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=str(message)))

    def summary(self) -> str:
        counts = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.errors:
            return _("Nothing was imported: %(count)s error(s) to fix.") % {"count": len(self.errors)}
        if self.dry_run:
            return _("Dry run, nothing saved. The import would give: %(counts)s.") % {"counts": counts}
        return _("Imported: %(counts)s.") % {"counts": counts}


def _outcome(report: ImportReport) -> str:
    if report.has_errors:
        return CallImport.Outcome.REFUSED
    return CallImport.Outcome.DRY_RUN if report.dry_run else CallImport.Outcome.IMPORTED


def record_import(report: ImportReport, *, actor: User | None, via: str) -> CallImport:
    """Keep an import run in the history staff see in the admin, whatever its outcome."""
    return CallImport.objects.create(
        created_by=actor if actor is not None and actor.pk else None,
        via=via,
        filename=report.filename,
        size=report.size,
        sha256=report.sha256,
        outcome=_outcome(report),
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        error_count=len(report.errors),
        errors=[{"row": e.row, "column": e.column, "message": e.message} for e in report.errors],
        rows=[
            {"row": r.row, "action": r.action, "title": r.title, "call_id": r.call_id, "changed": r.changed}
            for r in report.rows
        ],
        funders_created=list(report.funders_created),
    )

"""manage.py import_calls FILE.xlsx [--dry-run] [--partial] [--include-hidden]
[--date-order day-first|month-first] [--rejected OUT.xlsx] [--actor EMAIL]

Imports funding calls from an .xlsx or .csv file with the column spec of
funds.spreadsheet, all or nothing (or the valid rows with --partial), showing progress
on stderr, and prints the report. Exits non-zero when the file has errors. Every run is
kept in the import history (admin).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from funds.models import CallImport
from funds.services.imports import call_import_recorded
from funds.spreadsheet import ImportOptions
from members.models import User


class Command(BaseCommand):
    help = "Import funding calls from a spreadsheet (.xlsx or .csv); all or nothing unless --partial."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report what would change, without saving.")
        parser.add_argument("--partial", action="store_true", help="Import the valid rows and reject the others (instead of all or nothing).")
        parser.add_argument("--include-hidden", action="store_true", help="Also import hidden rows and columns (skipped by default).")
        parser.add_argument("--date-order", choices=["auto", "day-first", "month-first"], default="auto",
                            help="How to read dates such as 03/04/2027 (auto: day first in French and Spanish files, otherwise reported as ambiguous).")  # fmt: skip
        parser.add_argument("--rejected", help="Write the rejected rows, with an Errors column, to this .xlsx file.")
        parser.add_argument("--actor", help="Email of the staff member recorded in the change history.")

    def _progress(self, done: int, total: int) -> None:
        if not total:
            return
        width = 30
        filled = int(width * done / total)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done * 100 // total:3d}%"
        if self.stderr.isatty():
            self.stderr.write(line, ending="")
        elif done in (total // 2, total) or done % 500 == 0:
            self.stderr.write(line.strip("\r"))

    def handle(self, *args, file: str, dry_run: bool, partial: bool, include_hidden: bool, date_order: str,
               rejected: str | None, actor: str | None, **options):  # fmt: skip
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        user = None
        if actor:
            user = User.objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No user with the email {actor}")
        import_options = ImportOptions(dry_run=dry_run, partial=partial, include_hidden=include_hidden, date_order=date_order)
        try:
            report, record = call_import_recorded(path, actor=user, via=CallImport.Via.COMMAND, options=import_options, progress=self._progress)
        except PermissionDenied:
            raise CommandError(f"{actor} may not import calls (staff with the funding-call permissions only)") from None
        if self.stderr.isatty():
            sys.stderr.write("\n")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        for row in report.rows:
            if row.action != "error":
                detail = f" ({', '.join(row.changed)})" if row.action == "updated" and row.changed else ""
                self.stdout.write(f"Row {row.row}: {row.action} — {row.title}{detail}")
        if report.funders_created:
            self.stdout.write(f"New funders: {', '.join(report.funders_created)}")
        for error in report.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        if rejected and record.rejected_rows:
            Path(rejected).write_bytes(bytes(record.rejected_rows))
            self.stdout.write(f"Rejected rows written to {rejected}")
        if report.has_errors:
            if report.committed:
                self.stdout.write(self.style.WARNING(report.summary()))
                raise CommandError(f"{len(report.rejected)} row(s) rejected")
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

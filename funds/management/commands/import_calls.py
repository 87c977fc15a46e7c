"""manage.py import_calls FILE.xlsx [--dry-run] [--actor EMAIL]

Imports funding calls from an .xlsx or .csv file with the column spec of
funds.spreadsheet, all or nothing, and prints the report. Exits non-zero when the file
has errors (nothing is imported then). Every run is kept in the import history (admin).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from funds.models import CallImport
from funds.spreadsheet import import_calls_recorded
from members.models import User


class Command(BaseCommand):
    help = "Import funding calls from a spreadsheet (.xlsx or .csv); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx or .csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report what would change, without saving."
        )
        parser.add_argument("--actor", help="Email of the staff member recorded in the change history.")

    def handle(self, *args, file: str, dry_run: bool, actor: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        user = None
        if actor:
            user = User.objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No user with the email {actor}")
        try:
            report, _record = import_calls_recorded(path, actor=user, dry_run=dry_run, via=CallImport.Via.COMMAND)
        except PermissionDenied:
            raise CommandError(f"{actor} may not import calls (staff with the funding-call permissions only)") from None
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
        if report.has_errors:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

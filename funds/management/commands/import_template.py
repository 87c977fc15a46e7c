"""manage.py import_template [PATH] [--language fr]

Writes the spreadsheet import template (the header row, an example row and the "Read me"
sheet that lists every column and the forms each accepts) to PATH, by default
static/downloads/funding-calls-template.xlsx, the copy the README links to. Run it again
when the columns change (tests/funds/test_import_files.py checks the copy's headers).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from funds.spreadsheet import template_xlsx

DEFAULT_PATH = Path(settings.BASE_DIR) / "static" / "downloads" / "funding-calls-template.xlsx"


class Command(BaseCommand):
    help = "Write the funding-calls import template (.xlsx) with its Read me sheet."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument("--language", default="en", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args, path: str, language: str, **options):
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with translation.override(language):
            target.write_bytes(template_xlsx())
        self.stdout.write(f"Template written to {target}")

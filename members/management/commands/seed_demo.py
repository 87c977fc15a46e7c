"""`manage.py seed_demo`: fill a development database with demo data. Idempotent.

Each installed app may ship a `demo` module with a `seed(*, stdout)` function; they run
in INSTALLED_APPS order, so an app can rely on the data of the apps listed before it
(members first: people, organizations and the demo accounts).
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def demo_modules():
    """The `<app>.demo` modules of installed apps, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.demo"
        # find_spec first, so that an ImportError inside a demo module is not swallowed.
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


class Command(BaseCommand):
    help = "Create demo members, organizations and accounts (and each app's demo data). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Demo accounts have a published password: never on a public site.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with "
                "DEBUG off. Pass --force if this really is a throwaway instance."
            )
        for module in demo_modules():
            self.stdout.write(f"Seeding {module.__name__} …")
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        from members.demo import print_accounts

        print_accounts(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

"""`manage.py demo_totp EMAIL`: the current authenticator code of a demo staff account.

Only for the demo accounts seed_demo creates (their secret is published in
members/demo/mfa.py), and only with DEBUG on: it never prints a real person's code.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo.mfa import DEMO_MFA_ACCOUNTS, current_code, demo_totp_authenticator
from members.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo staff account (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help=f"one of {', '.join(DEMO_MFA_ACCOUNTS)}")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp only runs with DEBUG on: it is for the demo accounts of a local run.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None or demo_totp_authenticator(user) is None:
            raise CommandError(
                f"{email} is not a demo account with the demo authenticator "
                f"(run `manage.py seed_demo`; demo accounts: {', '.join(DEMO_MFA_ACCOUNTS)})."
            )
        code, seconds = current_code(time.time())
        self.stdout.write(code)
        self.stderr.write(f"valid for about {seconds} more seconds (and the 30 seconds after)")

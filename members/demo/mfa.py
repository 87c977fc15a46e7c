"""The second factor of the demo staff accounts (`manage.py seed_demo` only).

Staff and superusers must sign in with a second factor (core/security/staff_mfa.py), so
the demo's staff@example.org and admin@example.org get an authenticator with a secret
published here on purpose, like their password: add it to an authenticator app, or ask
`manage.py demo_totp EMAIL` for the current code. Never on a public site: seed_demo
refuses to run with DEBUG off, and so does demo_totp.
"""

from __future__ import annotations

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# Base32, 160 bits, published on purpose: the demo accounts' authenticator app secret.
DEMO_TOTP_SECRET = "SKILLSNETWORKDEMOSTAFFONLY234567"  # noqa: S105
DEMO_MFA_ACCOUNTS = ("staff@example.org", "admin@example.org")


def seed_authenticators(users: dict) -> None:
    """Give the demo staff accounts the demo TOTP secret and recovery codes. Idempotent:
    an account that already has an authenticator keeps it."""
    for email in DEMO_MFA_ACCOUNTS:
        user = users.get(email)
        if user is None or Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            continue
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def demo_totp_authenticator(user) -> Authenticator | None:
    """The user's TOTP authenticator if it is the demo one (a demo account with the
    published secret), else None."""
    if user.email not in DEMO_MFA_ACCOUNTS:
        return None
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None or decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
        return None
    return authenticator


def current_code(now: float) -> tuple[str, int]:
    """The demo authenticator's code at `now` and the seconds it stays current."""
    period = mfa_settings.TOTP_PERIOD
    counter = int(now // period)
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)), period - int(now % period)


def print_instructions(*, stdout) -> None:
    stdout.write("")
    stdout.write(
        f"Staff accounts sign in with a second factor. {', '.join(DEMO_MFA_ACCOUNTS)} use the "
        f"authenticator secret {DEMO_TOTP_SECRET} (add it to an authenticator app), or run"
    )
    stdout.write("  python manage.py demo_totp staff@example.org")
    stdout.write("for the current code.")

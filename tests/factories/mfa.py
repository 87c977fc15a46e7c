"""Second factors for tests: real allauth authenticators and the codes they produce.

Staff and superusers reach no page until their session has passed a second factor
(core/security/staff_mfa.py). Tests sign them in with:

- `login_with_mfa(client, user)` for the Django test client: enrols a real TOTP
  authenticator (with recovery codes) unless the user has one, signs in and leaves the
  session exactly as a sign-in with the password and an authenticator code does
  (tests/security/test_mfa.py checks the two against each other);
- `sign_in_with_mfa(page, user)` for Playwright: types the email, the password and a
  real code computed from the authenticator's secret into the real pages.

`enrol_totp`, `totp_code` and `recovery_codes` are the building blocks.
"""

from __future__ import annotations

import re
import time

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.http import HttpRequest

from tests.factories.members import PASSWORD


def enrol_totp(user, *, secret: str | None = None) -> Authenticator:
    """The user's TOTP authenticator, created (with recovery codes, as the set-up page
    does) when missing. `secret` fixes the base32 secret of a new one."""
    existing = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if existing:
        return existing
    authenticator = TOTP.activate(user, secret or generate_totp_secret()).instance
    RecoveryCodes.activate(user)
    return authenticator


def totp_secret(user) -> str:
    authenticator = Authenticator.objects.get(user_id=user.pk, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def code_for_secret(secret: str, *, at: float | None = None, steps: int = 0) -> str:
    counter = int((time.time() if at is None else at) // mfa_settings.TOTP_PERIOD) + steps
    return format_hotp_value(hotp_value(secret, counter))


def totp_code(user, *, at: float | None = None, steps: int = 0) -> str:
    """The code the user's authenticator app shows (at `at`, `steps` periods later)."""
    return code_for_secret(totp_secret(user), at=at, steps=steps)


def fresh_totp_code(user) -> str:
    """A code the portal accepts now and has not seen yet: allauth refuses a code used
    in the last period, so a second sign-in in the same 30 s uses the next one (the
    tolerance of one step accepts it)."""
    authenticator = TOTP(Authenticator.objects.get(user_id=user.pk, type=Authenticator.Type.TOTP))
    for steps in (0, 1, -1):
        code = totp_code(user, steps=steps)
        if cache.get(authenticator._get_used_cache_key(code)) is None:
            return code
    raise AssertionError("every code valid now was used already")


def recovery_codes(user) -> list[str]:
    """The user's unused recovery codes."""
    authenticator = Authenticator.objects.get(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()


def login_with_mfa(client, user) -> Authenticator:
    """Sign `user` in on the test `client` as a sign-in with the password and then an
    authenticator code would: a TOTP authenticator is enrolled when missing, and the
    session holds allauth's records of both steps. Returns the TOTP authenticator."""
    authenticator = enrol_totp(user)
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    assert [r["method"] for r in get_authentication_records(request, user)] == ["password", "mfa"]
    session.save()
    return authenticator


def sign_in_with_mfa(page, user, *, password: str = PASSWORD, code: str | None = None) -> None:
    """In a browser: sign in through the portal's sign-in page, then type a code from
    the user's authenticator (a fresh TOTP code unless `code`, e.g. a recovery code, is
    given). Leaves the page wherever the sign-in sends it (its ?next= or the profile)."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    card = page.locator(".auth-card")
    card.get_by_label(re.compile(r"^\s*Email:?\s*$")).fill(user.email)
    card.get_by_label(re.compile(r"^\s*Password:?\s*$")).fill(password)
    card.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(code or fresh_totp_code(user))
    page.locator(".auth-card").get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" not in url)

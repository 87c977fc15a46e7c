"""Staff and superusers need a second factor, and must have used it in this session.

allauth asks for the second factor at sign-in only when the account has one, and lets
every account choose. For staff and superusers the portal decides instead: while a staff
session has not passed a second factor, every page answers with a redirect:

- an account without an authenticator goes to set one up (an authenticator app; allauth
  asks for the password again first), with a message saying why;
- an account that has one, in a session that signed in without it (it was added later,
  in this session or another), goes to allauth's "confirm with a code" page and then on
  to the page it asked for.

Only what it takes to do that stays open: the confirmation pages (a code, a security key,
or the password allauth asks before MFA pages), the MFA overview, sign-out, the language
switcher and /healthz; the set-up pages only while the account has no second factor at
all, so a session that skipped the factor cannot add its own phone or key beside the
owner's. Members are never forced; they find the same pages under "Two-factor
authentication" in their account settings.

Enrolling at the first staff sign-in trusts whoever holds the password then; allauth
emails the account's address when an authenticator is added, so the owner hears of it.

"Passed a second factor" is allauth's own record of this session's authentications
(`get_authentication_records`): a record with method "mfa" (a TOTP code, a recovery code
or a security key, at sign-in or when confirming). The middleware never relaxes for
tests: tests sign staff in with `tests.factories.mfa.login_with_mfa`.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .mfa_adapter import SECOND_FACTOR_TYPES, must_use_mfa

# URL names a staff session may open before it has passed a second factor: confirming one,
# the password confirmation allauth puts in front of MFA pages, leaving, the basics.
OPEN_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "javascript-catalog",
        "healthz",
        "media",  # public uploads (logos) shown on the set-up pages themselves
    }
)
# And, only while the account has no second factor at all, setting one up. Once it has
# one, a session that has not used it must not add another (its own phone or key).
SET_UP_URL_NAMES = frozenset({"mfa_activate_totp", "mfa_add_webauthn"})


def session_passed_mfa(request: HttpRequest) -> bool:
    """True when this session's sign-in (or a later confirmation) used a second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def second_factor_types(user) -> set[str]:
    return set(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True).distinct())


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _redirect(request: HttpRequest, types: set[str]) -> HttpResponseRedirect:
    next_url = request.get_full_path() if request.method == "GET" else ""
    has_factor = bool(types & set(SECOND_FACTOR_TYPES))
    if not has_factor:
        target = reverse("mfa_activate_totp")
    elif types & {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}:
        target = reverse("mfa_reauthenticate")
    else:
        target = reverse("mfa_reauthenticate_webauthn")
    if has_factor:
        text = _("Staff pages need your second factor: confirm it to continue.")
    else:
        text = _(
            "Staff accounts must use two-factor authentication. Set up an authenticator app "
            "to continue; you will be asked for your password first."
        )
    messages.warning(request, text, fail_silently=True)
    if next_url:
        target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    return HttpResponseRedirect(target)


class StaffMFAMiddleware:
    """Place after AuthenticationMiddleware, MessageMiddleware and allauth's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = request.user
        if not must_use_mfa(user) or session_passed_mfa(request):
            return self.get_response(request)
        url_name = _url_name(request)
        if url_name in OPEN_URL_NAMES:
            return self.get_response(request)
        types = second_factor_types(user)
        if url_name in SET_UP_URL_NAMES and not types & set(SECOND_FACTOR_TYPES):
            return self.get_response(request)
        return _redirect(request, types)

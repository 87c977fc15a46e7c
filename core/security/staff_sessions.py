"""Shorter sessions for staff and superusers than for members.

A staff session ends `STAFF_SESSION_MAX_HOURS` after sign-in (default 12) whatever
happens, and after `STAFF_SESSION_IDLE_MINUTES` without a request (default 30). Members
keep Django's session (two weeks with "remember me", else until the browser closes).

Both clocks live in the session itself (server-side: sessions are stored in the
database), so a copied cookie dies with them. The sign-in time is the first of allauth's
records of the session's authentications (password, code, second factor); activity is
the last request, or the last of those records. It is written at most once a minute, so
a busy curator does not cost a session write per request; an idle timeout may
therefore end up to a minute early.

When a clock runs out the person is signed out and sent to the sign-in page, which
brings them back to the page they asked for, with a message saying why.
"""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .mfa_adapter import must_use_mfa

STARTED_KEY = "portal_staff_session_started_at"
SEEN_KEY = "portal_staff_session_seen_at"
SEEN_WRITE_EVERY = 60  # seconds


def _max_age() -> float:
    return settings.STAFF_SESSION_MAX_HOURS * 3600


def _idle_limit() -> float:
    return settings.STAFF_SESSION_IDLE_MINUTES * 60


def _clocks(request: HttpRequest, now: float) -> tuple[float, float]:
    """(signed in at, last seen at). The sign-in is the first of allauth's records of this
    session's authentications; a session without records (not signed in through allauth)
    gets its clock started now and kept in the session."""
    records = get_authentication_records(request, request.user)
    times = [r["at"] for r in records if isinstance(r.get("at"), (int, float))]
    started = min(times) if times else request.session.setdefault(STARTED_KEY, now)
    seen = max([started, *times, request.session.get(SEEN_KEY, started)])
    return started, seen


def expired_reason(request: HttpRequest, now: float | None = None) -> str | None:
    """Why this staff session is over ("max" or "idle"), or None while it may go on.
    Records this request as activity (at most once a minute) when it goes on."""
    now = time.time() if now is None else now
    started, seen = _clocks(request, now)
    if now - started > _max_age():
        return "max"
    if now - seen > _idle_limit():
        return "idle"
    if now - seen >= SEEN_WRITE_EVERY:
        request.session[SEEN_KEY] = now
    return None


def _sign_out(request: HttpRequest, reason: str) -> HttpResponseRedirect:
    next_url = request.get_full_path() if request.method == "GET" else ""
    logout(request)
    if reason == "max":
        text = _("For security, staff sessions end %(hours)s hours after signing in. Please sign in again.") % {
            "hours": f"{settings.STAFF_SESSION_MAX_HOURS:g}"
        }
    else:
        text = _(
            "For security, staff sessions end after %(minutes)s minutes without activity. Please sign in again."
        ) % {"minutes": f"{settings.STAFF_SESSION_IDLE_MINUTES:g}"}
    messages.info(request, text, fail_silently=True)
    target = reverse("account_login")
    if next_url:
        target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    return HttpResponseRedirect(target)


class StaffSessionMiddleware:
    """Place after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if must_use_mfa(request.user):
            reason = expired_reason(request)
            if reason:
                return _sign_out(request, reason)
        return self.get_response(request)

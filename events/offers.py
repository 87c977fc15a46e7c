"""Signed offer links: one token per (registration, offer number).

The token names the registration and the offer it was made for; a later offer (after a
decline or a lapse) has a new number, so an old link is worthless. Validity is the
offer's own `offer_expires_at`, checked by the service under the session lock, not the
signature's age.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "events.offer"


def offer_token(registration) -> str:
    return signing.dumps(
        {"r": registration.pk, "o": registration.offer_number}, salt=SALT, compress=True
    )


def read_offer_token(token: str) -> tuple[int, int] | None:
    """(registration id, offer number), or None for a forged or damaged token."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=60))
        return int(data["r"]), int(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def offer_window(session, now) -> timedelta:
    """How long an offer stays open: EVENTS_OFFER_HOURS (default 24 h), or a quarter of
    the time left before registration closes when that is shorter, never under 15
    minutes, and never beyond the close of registration when that comes first."""
    default = timedelta(hours=getattr(settings, "EVENTS_OFFER_HOURS", 24))
    left = session.closes_at - now
    window = min(default, max(timedelta(minutes=15), left / 4))
    return max(min(window, left), timedelta(0))

"""Signed one-click unsubscribe tokens (RFC 8058).

A token names what to stop — one alert, or one kind of notice for one person — and is
signed with the SECRET_KEY and a salt per kind, so a token for one purpose is never
accepted for another and nobody can forge or alter one. Tokens do not expire: an
unsubscribe link in an old email must keep working.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

KIND_ALERT = "alert"
KIND_REMINDERS = "reminders"
KIND_CHANGES = "changes"
KINDS = (KIND_ALERT, KIND_REMINDERS, KIND_CHANGES)

_SALT = "funds.alerts.unsubscribe.{kind}"


class InvalidToken(Exception):
    """The token was not made by this site (forged, altered or truncated)."""


@dataclass(frozen=True)
class Unsubscription:
    kind: str
    user_id: int
    alert_id: int | None = None


def make_token(*, kind: str, user_id: int, alert_id: int | None = None) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown unsubscribe kind: {kind}")
    payload = {"u": int(user_id)}
    if kind == KIND_ALERT:
        if alert_id is None:
            raise ValueError("An alert token needs the alert id.")
        payload["a"] = int(alert_id)
    return signing.dumps(payload, salt=_SALT.format(kind=kind), compress=True)


def read_token(token: str) -> Unsubscription:
    """What the token unsubscribes from. Raises InvalidToken."""
    if not token or len(token) > 500:
        raise InvalidToken
    for kind in KINDS:
        try:
            payload = signing.loads(token, salt=_SALT.format(kind=kind))
        except signing.BadSignature:
            continue
        try:
            user_id = int(payload["u"])
            alert_id = int(payload["a"]) if kind == KIND_ALERT else None
        except (KeyError, TypeError, ValueError):
            raise InvalidToken from None
        return Unsubscription(kind=kind, user_id=user_id, alert_id=alert_id)
    raise InvalidToken


def unsubscribe_url(*, kind: str, user_id: int, alert_id: int | None = None, language: str = "en") -> str:
    """The absolute one-click URL, in the recipient's language."""
    token = make_token(kind=kind, user_id=user_id, alert_id=alert_id)
    with translation.override(language):
        return settings.SITE_URL + reverse("alerts:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an "Unsubscribe" button that POSTs."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

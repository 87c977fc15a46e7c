"""Signed one-click unsubscribe tokens (RFC 8058).

A token names what to stop — one alert of one person, or one kind of notice (deadline
reminders, change notices) for one person — and is signed with the SECRET_KEY and a salt
per kind, so a token for one purpose is never accepted for another and nobody can forge
or alter one. A token can stop only what it names: it never reaches another alert,
another person, or their other emails.

Tokens do not expire (an unsubscribe link in an old email must keep working, and mail
clients keep the List-Unsubscribe URL), but they can be revoked: each carries a nonce
stored on its alert (`Alert.unsubscribe_nonce`) or, for notices, on the person's
`NotificationPreferences`. A new nonce (services.unsubscribe_links_revoke*) makes every
link sent before it invalid. Links sent before nonces existed carry none: an alert's
still work until its links are first revoked, a person's notice links until theirs are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare

from .models import Alert, NotificationPreferences

KIND_ALERT = "alert"
KIND_REMINDERS = "reminders"
KIND_CHANGES = "changes"
KINDS = (KIND_ALERT, KIND_REMINDERS, KIND_CHANGES)

_SALT = "funds.alerts.unsubscribe.{kind}"
MAX_TOKEN_LENGTH = 500


class InvalidToken(Exception):
    """The token was not made by this site (forged, altered or truncated), or revoked."""


class RevokedToken(InvalidToken):
    """The token was made by this site, but its links have been revoked since."""


@dataclass(frozen=True)
class Unsubscription:
    kind: str
    user_id: int
    alert_id: int | None = None
    # None: a link made before links could be revoked.
    nonce: str | None = None


def current_nonce(*, kind: str, user_id: int, alert_id: int | None = None) -> str:
    """The nonce today's links for this alert (or kind of notice) carry. "" for an alert
    that is not this person's (or no longer exists): no alert ever has that nonce."""
    if kind == KIND_ALERT:
        nonce = Alert.objects.filter(pk=alert_id, user_id=user_id).values_list("unsubscribe_nonce", flat=True).first()
        return nonce or ""
    nonce = NotificationPreferences.objects.filter(user_id=user_id).values_list("unsubscribe_nonce", flat=True).first()
    return nonce or ""


def make_token(*, kind: str, user_id: int, alert_id: int | None = None, nonce: str | None = None) -> str:
    """A token for one alert (KIND_ALERT, with alert_id) or one kind of notice. `nonce`
    defaults to the current one, read from the database."""
    if kind not in KINDS:
        raise ValueError(f"Unknown unsubscribe kind: {kind}")
    payload: dict[str, int | str] = {"u": int(user_id)}
    if kind == KIND_ALERT:
        if alert_id is None:
            raise ValueError("An alert token needs the alert id.")
        payload["a"] = int(alert_id)
    payload["n"] = nonce if nonce is not None else current_nonce(kind=kind, user_id=user_id, alert_id=alert_id)
    return signing.dumps(payload, salt=_SALT.format(kind=kind), compress=True)


def _verify(token: str) -> Unsubscription:
    """What a token made by this site names, without asking whether it is revoked."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken
    for kind in KINDS:
        try:
            payload = signing.loads(token, salt=_SALT.format(kind=kind))
        except signing.BadSignature:
            continue
        try:
            user_id = int(payload["u"])
            alert_id = int(payload["a"]) if kind == KIND_ALERT else None
            nonce = payload.get("n")
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InvalidToken from None
        if nonce is not None and not isinstance(nonce, str):
            raise InvalidToken
        return Unsubscription(kind=kind, user_id=user_id, alert_id=alert_id, nonce=nonce)
    raise InvalidToken


def is_current(subscription: Unsubscription) -> bool:
    """False when the links of what the token names were revoked after it was made.
    A token for an alert that no longer exists stays current: it can only say so."""
    if subscription.kind == KIND_ALERT:
        row = (
            Alert.objects.filter(pk=subscription.alert_id, user_id=subscription.user_id)
            .values_list("unsubscribe_nonce", "unsubscribe_links_revoked_at")
            .first()
        )
        if row is None:
            return True
        nonce, revoked_at = row
        if subscription.nonce is None:
            return revoked_at is None
        return constant_time_compare(subscription.nonce, nonce)
    stored = current_nonce(kind=subscription.kind, user_id=subscription.user_id)
    return constant_time_compare(subscription.nonce or "", stored)


def read_token(token: str) -> Unsubscription:
    """What the token unsubscribes from. Raises InvalidToken (RevokedToken when it was
    made here but revoked since)."""
    subscription = _verify(token)
    if not is_current(subscription):
        raise RevokedToken
    return subscription


def unsubscribe_url(
    *, kind: str, user_id: int, alert_id: int | None = None, nonce: str | None = None, language: str = "en"
) -> str:
    """The absolute one-click URL, in the recipient's language."""
    token = make_token(kind=kind, user_id=user_id, alert_id=alert_id, nonce=nonce)
    with translation.override(language):
        return settings.SITE_URL + reverse("alerts:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an "Unsubscribe" button that POSTs."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

"""Real messages that carry secrets, made the way the portal makes them: a password reset
requested on the site, a sign-up, an instant alert. Each helper returns the outbox row
and the secrets in it (the key or token a reader could use), so tests can check that no
page and no redaction ever shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.test import Client

from core.outbox.models import Email

PASSWORD = "a-long-and-unusual-passphrase-42"

_RESET_KEY = re.compile(r"/accounts/password/reset/key/([^/\s]+)/")
_CONFIRM_KEY = re.compile(r"/accounts/confirm-email/([^/\s]+)/")
_UNSUBSCRIBE_TOKEN = re.compile(r"/unsubscribe/([^/\s]+)/")


@dataclass(frozen=True)
class SecretMessage:
    email: Email
    secrets: tuple[str, ...]


def _secrets(email: Email, pattern: re.Pattern) -> tuple[str, ...]:
    found = set(pattern.findall(email.text_body)) | set(pattern.findall(email.html_body))
    assert found, f"no secret found in {email.template}: {email.text_body!r}"
    return tuple(sorted(found))


def _newest(template_prefix: str, to: str) -> Email:
    return Email.objects.filter(template__startswith=template_prefix, to=to).latest("pk")


def request_password_reset(email_address: str) -> SecretMessage:
    """Ask for a password reset on the site, as anyone can for any address."""
    response = Client().post("/accounts/password/reset/", {"email": email_address})
    assert response.status_code == 302, response.content[:500]
    email = _newest("account/email/password_reset_key", email_address)
    return SecretMessage(email, _secrets(email, _RESET_KEY))


def sign_up(email_address: str) -> SecretMessage:
    """Sign up on the site: allauth emails a confirmation link."""
    response = Client().post(
        "/accounts/signup/",
        {"email": email_address, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content[:500]
    email = _newest("account/email/email_confirmation", email_address)
    return SecretMessage(email, _secrets(email, _CONFIRM_KEY))


def instant_alert(user) -> SecretMessage:
    """An instant alert email for a new call, with its one-click unsubscribe link."""
    from funds.alerts.emails import send_instant_alert
    from tests.factories.alerts import AlertFactory
    from tests.factories.funds import FundingCallFactory

    alert = AlertFactory(user=user, name="Green skills")
    email = send_instant_alert(alert=alert, call=FundingCallFactory(title="Green jobs fund"))
    assert isinstance(email, Email)
    secrets = _secrets(email, _UNSUBSCRIBE_TOKEN)
    assert any(token in str(email.headers) for token in secrets)
    return SecretMessage(email, secrets)

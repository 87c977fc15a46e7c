"""The one redaction of outbox messages, checked on messages the portal really renders:
a password reset, a sign-up confirmation and an alert with its unsubscribe link."""

from __future__ import annotations

import pytest

from core.outbox.redaction import (
    REDACTED,
    is_account_secret,
    redact,
    redact_headers,
)
from tests.factories.members import UserFactory
from tests.outbox.real_messages import instant_alert, request_password_reset, sign_up

pytestmark = pytest.mark.django_db


def test_a_password_reset_is_an_account_secret_and_its_key_is_redacted_anyway():
    user = UserFactory(email="root@example.org")

    message = request_password_reset(user.email)

    assert is_account_secret(message.email.template)
    for body in (message.email.text_body, message.email.html_body):
        shown = redact(body)
        for secret in message.secrets:
            assert secret not in shown
    assert "/accounts/password/reset/" in redact(message.email.text_body)


def test_a_sign_up_confirmation_is_an_account_secret_and_its_key_is_redacted_anyway():
    message = sign_up("newcomer@example.org")

    assert is_account_secret(message.email.template)
    for secret in message.secrets:
        assert secret not in redact(message.email.text_body)
        assert secret not in redact(message.email.html_body)


def test_an_alert_keeps_its_content_but_loses_the_unsubscribe_token_in_bodies_and_headers():
    user = UserFactory(email="amina@example.org")

    message = instant_alert(user)

    assert not is_account_secret(message.email.template)
    text, html = redact(message.email.text_body), redact(message.email.html_body)
    headers = redact_headers(message.email.headers)
    for secret in message.secrets:
        assert secret not in text and secret not in html and secret not in str(headers)
    # What a superuser checking the message needs is still there.
    assert "Green jobs fund" in text and "Green jobs fund" in html
    assert "/funds/" in text
    assert headers["List-Unsubscribe"].endswith(f"/unsubscribe/{REDACTED}/>")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    "template",
    [
        "account/email/password_reset_key",
        "account/email/password_reset_code",
        "account/email/email_confirmation",
        "account/email/email_confirmation_signup",
        "account/email/login_code",
        "account/email/account_already_exists",
        "account/email/unknown_account",
        "account/email/password_changed",
        "mfa/email/totp_activated",
        "mfa/email/recovery_codes_generated",
    ],
)
def test_every_allauth_account_and_mfa_template_is_an_account_secret(template):
    assert is_account_secret(template)


@pytest.mark.parametrize(
    "template", ["", "members/emails/membership_approved", "alerts/emails/instant"]
)
def test_the_portals_own_templates_are_not_account_secrets(template):
    assert not is_account_secret(template)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("https://x.org/fr/alerts/unsubscribe/abc/", "abc"),
        ("https://x.org/accounts/confirm-email/Mg:1w:xyz/", "Mg:1w:xyz"),
        ("https://x.org/accounts/password/reset/key/2-a1b2c3-d4/", "a1b2c3-d4"),
        ("https://x.org/verify?token=s3cr3t&page=2", "s3cr3t"),
        ('<a href="https://x.org/go?a=1&amp;sig=abcdef">', "abcdef"),
        ("Your code:\n\n  K7QX-2MPA\n", "K7QX-2MPA"),
        ("Your code:\n123-456-789\n", "123-456-789"),
        ("payload eyJ1IjoxfQ:1vQx8Z:Qm9sZEtleVNpZ25hdHVyZQ_x here", "eyJ1IjoxfQ"),
        ("digest 0123456789abcdef0123456789abcdef.", "0123456789abcdef0123456789abcdef"),
    ],
)
def test_redact_removes_keys_tokens_and_codes_wherever_they_appear(text, secret):
    shown = redact(text)

    assert secret not in shown
    assert REDACTED in shown


@pytest.mark.parametrize(
    "text",
    [
        "See https://portal.example.org:8443/funds/green-skills-2026-pacific/?page=2",
        "Deadline 2026-05-01T10:00:00+00:00, amount USD 50,000.",
        "Write to maria.gonzalez1984@example.org",
        "WELCOME\n2026\n",
        "List-Unsubscribe=One-Click",
    ],
)
def test_redact_leaves_ordinary_text_alone(text):
    assert redact(text) == text

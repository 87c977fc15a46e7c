"""Changing the email address or the password: allauth's reauthentication in front of the
email change, the current password in the password form, and security notices through
the outbox (the old address hears of an email change, the account's address of a
password change), in the language of the page the person used."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress

from core.outbox.models import Email
from tests.factories.members import PASSWORD, UserFactory
from tests.factories.mfa import code_for_secret, login_with_mfa, totp_code

pytestmark = pytest.mark.django_db

OLD = "amina@example.org"
NEW = "amina.new@example.org"
NEW_PASSWORD = "another-long-passphrase-2026"


def notices(to: str, template: str):
    return Email.objects.filter(to=to, template=template)


def change_email(client, *, prefix: str = "", password: str = PASSWORD) -> None:
    """Ask for NEW on the email page, confirming the password when asked."""
    response = client.post(f"{prefix}/accounts/email/", {"action_add": "", "email": NEW})
    if "/accounts/reauthenticate/" in response.get("Location", ""):
        client.post(response["Location"], {"password": password})


def confirm_from_mail(client, to: str, prefix: str = "") -> None:
    message = Email.objects.filter(to=to, template__startswith="account/email/email_confirmation").latest("pk")
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", message.text_body).group(1)
    client.post(f"{prefix}/accounts/confirm-email/{key}/")


@pytest.fixture
def user(db):
    return UserFactory(email=OLD)


# --- Re-authentication ---------------------------------------------------------------------


def test_changing_the_email_asks_for_the_password_first(client, user):
    client.force_login(user)

    response = client.post("/accounts/email/", {"action_add": "", "email": NEW})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F"
    assert not EmailAddress.objects.filter(email=NEW).exists()
    assert not Email.objects.filter(to=NEW).exists()


def test_a_wrong_password_does_not_change_the_email(client, user):
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": NEW})

    page = client.post(response["Location"], {"password": "not-my-password"})

    assert page.status_code == 200
    assert "incorrect" in page.text.lower()
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_after_the_password_the_asked_change_goes_through(client, user):
    client.force_login(user)

    change_email(client)

    assert EmailAddress.objects.get(email=NEW).verified is False  # waits for its confirmation
    assert notices(NEW, "account/email/email_confirmation").exists()


def test_the_confirmation_lasts_five_minutes(client, user):
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(user)
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        clock.shift(dt.timedelta(minutes=6))

        response = client.post("/accounts/email/", {"action_add": "", "email": NEW})

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_accounts_with_two_factor_authentication_cannot_add_an_address(client, user):
    """allauth refuses new addresses on accounts with two-factor authentication (someone
    could otherwise park an address they do not own on a 2FA account and lock its owner
    out): members switch 2FA off first, staff ask a superuser."""
    login_with_mfa(client, user)

    page = client.post("/accounts/email/", {"action_add": "", "email": NEW})

    assert "You cannot add an email address to an account protected by two-factor authentication." in page.text
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_an_authenticator_code_confirms_sensitive_changes_as_the_password_does(client, user):
    login_with_mfa(client, user)
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2F"
    page = client.get(response["Location"])
    assert 'href="/accounts/2fa/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2F"' in page.text

    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/accounts/2fa/recovery-codes/", {"code": totp_code(user, steps=1)}
    )

    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200


def test_changing_the_password_needs_the_current_one(client, user):
    client.force_login(user)

    page = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not notices(OLD, "account/email/password_changed").exists()


# --- Notices -------------------------------------------------------------------------------


def test_the_old_address_is_told_when_the_new_one_is_confirmed(client, user):
    client.force_login(user)
    change_email(client)
    assert not notices(OLD, "account/email/email_changed").exists()  # nothing changed yet

    confirm_from_mail(client, NEW)

    assert EmailAddress.objects.get(user=user, primary=True).email == NEW
    notice = notices(OLD, "account/email/email_changed").get()
    assert notice.subject == "[Skills Innovation Network] Email Changed"
    assert f"Your email has been changed from {OLD} to {NEW}" in notice.text_body
    assert notice.language == "en"


def test_the_email_change_notice_speaks_the_language_of_the_page(client, user):
    client.force_login(user)
    change_email(client, prefix="/fr")
    confirm_from_mail(client, NEW, prefix="/fr")

    notice = notices(OLD, "account/email/email_changed").get()
    assert notice.language == "fr"
    assert notice.subject == "[Skills Innovation Network] E-mail modifié"


def test_the_account_address_is_told_of_a_password_change(client, user):
    client.force_login(user)

    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    notice = notices(OLD, "account/email/password_changed").get()
    assert notice.subject == "[Skills Innovation Network] Password Changed"
    assert notice.language == "en"


@pytest.mark.parametrize(("prefix", "language", "subject"), [("/fr", "fr", "Mot de passe modifié"), ("/es", "es", "Contraseña modificada")])
def test_the_password_change_notice_speaks_the_language_of_the_page(client, user, prefix, language, subject):
    client.force_login(user)

    client.post(
        f"{prefix}/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    notice = notices(OLD, "account/email/password_changed").get()
    assert notice.language == language
    assert notice.subject.endswith(subject)


def test_switching_on_two_factor_authentication_is_notified_too(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/activate/", {"code": code_for_secret(secret)})

    assert notices(OLD, "mfa/email/totp_activated").exists()


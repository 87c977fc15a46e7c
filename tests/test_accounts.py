"""Accounts through django-allauth, as people use them: sign up, confirm the email, sign in
and out, reset the password; mandatory verification, admin login, rate limits; and the
portal's theming of allauth's pages."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories.members import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-different-long-passphrase-42"


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Rate-limit counters in a cache of this test process only: the default file cache is
    shared with every other test run on the machine, whose logins would count against ours
    (and ours against theirs)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-accounts",
        }
    }
    from django.core.cache import cache

    cache.clear()


def link_in(message, pattern: str) -> str:
    """The path of the first link in an email that matches `pattern`."""
    match = re.search(rf"https?://[^/\s]+({pattern})", message.body)
    assert match, message.body
    return match.group(1)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_up(client, email="newcomer@example.org", password=NEW_PASSWORD):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


# --- Sign up and email confirmation ---------------------------------------------------


def test_signing_up_sends_a_confirmation_link_that_signs_the_person_in(
    client, django_capture_on_commit_callbacks
):
    # Email goes through the outbox: it is sent once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not signed_in(client)
    page = client.get(response["Location"])
    assert "Verify Your Email Address" in page.content.decode()

    (message,) = mail.outbox
    assert message.to == ["newcomer@example.org"]
    confirm_path = link_in(message, r"/accounts/confirm-email/[^/\s]+/")

    # Opening the link only shows a confirmation form (mail scanners follow links).
    page = client.get(confirm_path)
    assert page.status_code == 200
    # (The key is signed with a timestamp, so the form's copy may differ by a second.)
    assert re.search(
        r'method="post" action="/accounts/confirm-email/[^"/]+/"', page.content.decode()
    )
    assert not EmailAddress.objects.get(email="newcomer@example.org").verified

    response = client.post(confirm_path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.org").verified
    assert signed_in(client)
    assert 'action="/accounts/logout/"' in client.get("/").content.decode()


def test_a_new_account_gets_an_empty_member_profile(client):
    sign_up(client, email="profiled@example.org")

    from members.models import MemberProfile

    assert MemberProfile.objects.filter(user__email="profiled@example.org").exists()


def test_sign_up_form_shows_errors_next_to_the_fields_and_in_a_summary(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "password1": NEW_PASSWORD, "password2": "something else"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#id_email"' in html
    assert '<ul class="errorlist" id="id_email_error">' in html
    email_input = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_error"' in email_input
    assert "You must type the same password each time." in html


def test_every_sign_up_field_has_a_visible_label(client):
    html = client.get("/accounts/signup/").content.decode()

    for field_id in ("id_email", "id_password1", "id_password2"):
        assert f'<label for="{field_id}">' in html
    assert 'aria-describedby="id_password1_helptext"' in html


# --- Sign in and out ------------------------------------------------------------------


def test_people_sign_in_with_their_email_and_password(client):
    user = UserFactory()

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in(client)


def test_a_wrong_password_is_refused_with_an_announced_error(client):
    user = UserFactory()

    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})

    assert response.status_code == 200
    assert not signed_in(client)
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert "not correct" in html


def test_signing_in_with_an_unverified_email_is_refused_and_resends_the_link(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not signed_in(client)
    (message,) = mail.outbox
    assert message.to == [user.email]
    link_in(message, r"/accounts/confirm-email/[^/\s]+/")


def test_signing_out_needs_a_post_and_get_only_asks_for_confirmation(client):
    client.force_login(UserFactory())

    page = client.get("/accounts/logout/")

    assert page.status_code == 200
    assert signed_in(client)
    html = page.content.decode()
    assert 'method="post" action="/accounts/logout/"' in html
    assert 'aria-label="Account settings"' in html

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not signed_in(client)
    home = client.get(response["Location"], follow=True).content.decode()
    assert "You have signed out." in home
    assert 'role="status"' in home


# --- Password reset and change --------------------------------------------------------


def test_a_forgotten_password_can_be_reset_from_the_emailed_link(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == [user.email]
    key_path = link_in(message, r"/accounts/password/reset/key/[^/\s]+/")

    # allauth moves the key out of the address before showing the form.
    response = client.get(key_path)
    assert response.status_code == 302
    form_path = response["Location"]
    page = client.get(form_path)
    assert page.status_code == 200
    assert '<label for="id_password1">' in page.content.decode()

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": NEW_PASSWORD})
    assert signed_in(client)


def test_password_change_page_sits_in_the_account_settings_layout(client):
    client.force_login(UserFactory())

    html = client.get("/accounts/password/change/").content.decode()

    assert 'aria-label="Account settings"' in html
    assert 'href="/accounts/password/change/" aria-current="page"' in html
    assert '<label for="id_oldpassword">' in html


def test_email_page_shows_a_pending_change_without_inline_styles(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # changing the email asks for it

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new-address@example.org"}, follow=True
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "new-address@example.org" in html
    assert '<form hidden\n              id="pending-email"' in html
    assert " style=" not in html


# --- Admin and rate limits ------------------------------------------------------------


def test_admin_login_sends_anonymous_visitors_to_the_portal_sign_in(client):
    response = client.get("/admin/login/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "login.html" in [t.name.rsplit("/", 1)[-1] for t in response.templates]


def test_five_failed_sign_ins_lock_the_account_for_a_while(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_a_flood_of_sign_in_attempts_gets_429_too_many_requests(client):
    statuses = [
        client.post(
            "/accounts/login/", {"login": f"guess{n}@example.org", "password": "wrong"}
        ).status_code
        for n in range(35)
    ]

    assert statuses[0] == 200
    assert 429 in statuses
    first_429 = statuses.index(429)
    assert first_429 >= 10, statuses
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert "Too many attempts" in response.content.decode()


def test_allauth_emails_go_through_the_outbox_once(client, django_capture_on_commit_callbacks):
    from core.outbox.models import Email

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="queued@example.org")

    row = Email.objects.get(to="queued@example.org")
    assert row.template == "account/email/email_confirmation_signup"
    assert row.state == Email.State.SENT
    assert len(mail.outbox) == 1

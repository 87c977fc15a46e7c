"""Two-factor authentication: optional for members, mandatory for staff and superusers.

Staff sign in through the real pages here (password, then a code computed from their
authenticator's secret); core/security/staff_mfa.py keeps any staff session that has
not passed a second factor away from every page but the set-up and confirmation pages.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.security.mfa_adapter import decrypt_secret
from tests.factories.funds import FundingCallFactory
from tests.factories.members import PASSWORD, StaffUserFactory, UserFactory
from tests.factories.mfa import (
    code_for_secret,
    enrol_totp,
    login_with_mfa,
    recovery_codes,
    totp_code,
    totp_secret,
)

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
CONFIRM = "/accounts/2fa/reauthenticate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"


def sign_in_with_password(client, user, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={quote(next_url)}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="curator@ilo.example.org")


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@ilo.example.org", is_staff=True, is_superuser=True)


# --- Staff without a second factor --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "set_up"),
    [
        ("/admin/", ACTIVATE),
        ("/admin/funds/fundingcall/", ACTIVATE),
        ("/", ACTIVATE),
        ("/members/profile/", ACTIVATE),
        ("/fr/admin/", "/fr" + ACTIVATE),
    ],
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_every_page(client, staff, path, set_up):
    sign_in_with_password(client, staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{set_up}?next={quote(path, safe='')}"


def test_a_superuser_without_an_authenticator_cannot_reach_the_admin_either(client, superuser):
    sign_in_with_password(client, superuser)

    response = client.get("/admin/members/user/", follow=True)

    assert response.redirect_chain[0][0].startswith(ACTIVATE)
    assert "Staff accounts must use two-factor authentication" in response.text
    assert "/admin/" not in response.request["PATH_INFO"]


def test_staff_without_mfa_do_not_see_unpublished_calls(client, staff):
    draft = FundingCallFactory(status="pending", title="Waiting for review")
    sign_in_with_password(client, staff)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 302
    assert "Waiting for review" not in response.text


def test_staff_without_mfa_may_still_sign_out(client, staff):
    sign_in_with_password(client, staff)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_a_form_posted_by_staff_without_mfa_is_not_processed(client, staff):
    call = FundingCallFactory(status="draft")
    sign_in_with_password(client, staff)

    response = client.post(reverse("admin:funds_fundingcall_changelist"), {"action": "publish_calls", "_selected_action": [call.pk]})

    assert response.status_code == 302 and response["Location"] == ACTIVATE
    call.refresh_from_db()
    assert call.status == "draft"


def test_staff_set_up_an_authenticator_then_confirm_a_code_and_reach_the_admin(client, staff):
    sign_in_with_password(client, staff)

    # The set-up page asks for the password first (allauth's reauthentication).
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code, allowed by the CSP's img-src
    secret = page.context["form"].secret

    response = client.post(ACTIVATE, {"code": code_for_secret(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()

    # The session signed in without it: the codes and the admin wait for a code.
    response = client.get("/admin/")
    assert response["Location"] == f"{CONFIRM}?next=%2Fadmin%2F"
    response = client.post(f"{CONFIRM}?next=/admin/", {"code": code_for_secret(secret, steps=1)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_second_factor_cannot_add_its_own_beside_the_owners(client, staff):
    sign_in_with_password(client, staff)  # e.g. someone who had the password, before the owner enrolled
    enrol_totp(staff)  # the owner enrols in their own session
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    for path in ("/accounts/2fa/webauthn/add/", "/accounts/2fa/totp/activate/", "/accounts/2fa/recovery-codes/"):
        response = client.get(path)
        assert response["Location"] == f"{CONFIRM}?next={quote(path, safe='')}"
    response = client.post("/accounts/2fa/webauthn/add/", {"name": "mine", "credential": "{}"})
    assert response["Location"] == CONFIRM
    assert list(Authenticator.objects.filter(user=staff).values_list("type", flat=True).order_by("type")) == [
        "recovery_codes",
        "totp",
    ]


def test_staff_with_only_a_security_key_confirm_with_it(client, staff):
    sign_in_with_password(client, staff)
    Authenticator.objects.create(user=staff, type="webauthn", data={"name": "key", "credential": {}})

    assert client.get("/admin/")["Location"] == "/accounts/2fa/webauthn/reauthenticate/?next=%2Fadmin%2F"


# --- Signing in with a second factor -------------------------------------------------------


def test_staff_sign_in_to_the_admin_with_password_and_authenticator_code(client, staff):
    enrol_totp(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"  # the admin login is allauth's

    response = sign_in_with_password(client, staff, next_url="/admin/")
    assert response["Location"] == AUTHENTICATE
    assert "_auth_user_id" not in client.session  # not signed in before the code

    response = client.post(AUTHENTICATE, {"code": totp_code(staff)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_keeps_staff_out(client, staff):
    enrol_totp(staff)
    sign_in_with_password(client, staff, next_url="/admin/")

    response = client.post(AUTHENTICATE, {"code": "000000" if totp_code(staff) != "000000" else "111111"})

    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert "_auth_user_id" not in client.session
    # The admin sends them back to sign in, which still waits for the code.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == AUTHENTICATE


def test_a_code_is_accepted_only_once(client, staff):
    enrol_totp(staff)
    code = totp_code(staff)
    sign_in_with_password(client, staff)
    client.post(AUTHENTICATE, {"code": code})
    client.post(reverse("account_logout"))

    sign_in_with_password(client, staff)
    response = client.post(AUTHENTICATE, {"code": code})

    assert "Incorrect code." in response.text


def test_a_recovery_code_signs_staff_in_once(client, staff):
    enrol_totp(staff)
    code = recovery_codes(staff)[0]

    sign_in_with_password(client, staff, next_url="/admin/")
    response = client.post(AUTHENTICATE, {"code": code})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert code not in recovery_codes(staff)

    client.post(reverse("account_logout"))
    sign_in_with_password(client, staff)
    assert "Incorrect code." in client.post(AUTHENTICATE, {"code": code}).text


def test_the_test_helper_leaves_the_session_a_real_sign_in_leaves(client, staff):
    from allauth.account.authentication import get_authentication_records
    from django.http import HttpRequest

    def methods(c):
        request = HttpRequest()
        request.session = c.session
        return [(r["method"], r.get("type")) for r in get_authentication_records(request, staff)]

    enrol_totp(staff)
    sign_in_with_password(client, staff)
    client.post(AUTHENTICATE, {"code": totp_code(staff)})
    real = methods(client)

    from django.test import Client

    helper_client = Client()
    login_with_mfa(helper_client, staff)

    assert real == methods(helper_client) == [("password", None), ("mfa", "totp")]
    assert client.get("/admin/").status_code == helper_client.get("/admin/").status_code == 200


# --- Members ------------------------------------------------------------------------------


def test_members_are_not_asked_for_a_second_factor(client):
    member = UserFactory()
    sign_in_with_password(client, member)

    assert client.get("/members/profile/").status_code == 200
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert "An authenticator app is not active." in page.text


def test_members_find_two_factor_authentication_in_their_account_settings(client):
    client.force_login(UserFactory())

    for path in ("/members/profile/", "/accounts/password/change/"):
        assert 'href="/accounts/2fa/"' in client.get(path).text


def test_a_member_who_sets_up_an_authenticator_is_asked_for_a_code_at_sign_in(client):
    member = UserFactory()
    enrol_totp(member)

    response = sign_in_with_password(client, member)

    assert response["Location"] == AUTHENTICATE
    assert client.post(AUTHENTICATE, {"code": totp_code(member)})["Location"] == "/members/profile/"


def test_members_may_switch_their_authenticator_off_but_staff_may_not(client, staff):
    member = UserFactory()
    login_with_mfa(client, member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=member).exists()

    login_with_mfa(client, staff)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert "Staff accounts must keep two-factor authentication" in page.text
    assert 'name="action"' not in page.text and ">Deactivate</button>" not in page.text
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=staff, type="totp").exists()


# --- Secrets at rest and in the admin -------------------------------------------------------


def test_authenticator_secrets_are_stored_encrypted(staff, settings):
    authenticator = enrol_totp(staff)
    stored = authenticator.data["secret"]
    secret = totp_secret(staff)

    assert stored.startswith("fernet:") and secret not in stored
    recovery = Authenticator.objects.get(user=staff, type="recovery_codes")
    assert recovery.data["seed"].startswith("fernet:")

    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [old_key]
    assert decrypt_secret(stored) == secret  # still readable after a key rotation
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ImproperlyConfigured):
        decrypt_secret(stored)  # never guessed, never a code from a wrong secret


def test_the_authenticator_admin_shows_no_secret_and_is_for_superusers_only(client, staff, superuser):
    authenticator = enrol_totp(staff)
    change_url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])

    login_with_mfa(client, superuser)
    page = client.get(change_url)
    assert page.status_code == 200
    assert "fernet:" not in page.text and totp_secret(staff) not in page.text
    assert client.post(change_url, {"type": "totp", "data": "{}"}).status_code == 403

    login_with_mfa(client, staff)
    assert client.get(change_url).status_code == 403
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 403


def test_a_superuser_removes_a_lost_authenticator_and_its_owner_sets_up_a_new_one(client, staff, superuser):
    authenticator = enrol_totp(staff)
    login_with_mfa(client, superuser)

    client.post(reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"})

    assert not Authenticator.objects.filter(user=staff).exists()  # its recovery codes went with it
    client.post(reverse("account_logout"))
    sign_in_with_password(client, staff)
    assert client.get("/admin/")["Location"].startswith(ACTIVATE)

"""The demo's staff accounts sign in with a published authenticator secret, and
`manage.py demo_totp` prints their code only for them and only with DEBUG on."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from members.demo.mfa import DEMO_MFA_ACCOUNTS, DEMO_TOTP_SECRET
from members.models import User
from tests.factories.members import StaffUserFactory
from tests.factories.mfa import code_for_secret, enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> str:
    output = io.StringIO()
    call_command("seed_demo", "--force", stdout=output)
    return output.getvalue()


def demo_totp(email: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", email, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_seed_demo_gives_the_demo_staff_the_demo_authenticator_and_says_how_to_use_it(seeded):
    for email in DEMO_MFA_ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.is_staff
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    assert not Authenticator.objects.filter(user__email="member@example.org").exists()
    assert DEMO_TOTP_SECRET in seeded and "manage.py demo_totp staff@example.org" in seeded


def test_seeding_again_keeps_the_authenticators(seeded):
    before = list(Authenticator.objects.order_by("pk").values_list("pk", flat=True))
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert list(Authenticator.objects.order_by("pk").values_list("pk", flat=True)) == before


def test_demo_totp_prints_the_code_the_sign_in_accepts(seeded, settings, client):
    settings.DEBUG = True
    code = demo_totp("staff@example.org")

    assert code in {code_for_secret(DEMO_TOTP_SECRET, steps=s) for s in (0, -1)}
    client.post("/accounts/login/", {"login": "staff@example.org", "password": "demo-password-2026"})
    assert client.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/members/profile/"


def test_demo_totp_refuses_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo_totp("staff@example.org")


def test_demo_totp_refuses_other_accounts_even_staff_with_an_authenticator(seeded, settings):
    settings.DEBUG = True
    enrol_totp(StaffUserFactory(email="curator@ilo.example.org"))
    for email in ("member@example.org", "curator@ilo.example.org", "nobody@example.org"):
        with pytest.raises(CommandError, match="not a demo account"):
            demo_totp(email)


def test_demo_totp_refuses_a_demo_address_whose_secret_is_not_the_demo_one(seeded, settings):
    """A real site where someone registered staff@example.org keeps its secret."""
    settings.DEBUG = True
    staff = User.objects.get(email="staff@example.org")
    Authenticator.objects.filter(user=staff).delete()
    enrol_totp(staff)

    with pytest.raises(CommandError, match="not a demo account"):
        demo_totp("staff@example.org")

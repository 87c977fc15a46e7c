"""End to end, in headless Chromium: a new ILO staff member must set up an authenticator
app before reaching the admin, then signs in with a code from it and, having lost the
phone, with a recovery code. Codes are computed from the secret the page shows, as an
authenticator app would. Security keys work too (Chromium's virtual authenticator stands
in for the key). No page breaks the Content Security Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories.members import PASSWORD, StaffUserFactory
from tests.factories.mfa import code_for_secret, fresh_totp_code, recovery_codes, sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT_MS = 10_000


def field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))


def sign_in_with_password(page: Page, email: str) -> None:
    card = page.locator(".auth-card")
    field(card, "Email").fill(email)
    field(card, "Password").fill(PASSWORD)
    card.get_by_role("button", name="Sign In").click()


def sign_out(page: Page) -> None:
    page.goto("/accounts/logout/")
    page.locator("main").get_by_role("button", name="Sign Out").click()
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in")).to_be_visible()


def test_new_staff_set_up_an_authenticator_then_sign_in_with_a_code_and_with_a_recovery_code(page: Page):
    page.set_default_timeout(TIMEOUT_MS)
    csp_violations = []
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    staff = StaffUserFactory(email="new.curator@ilo.example.org")

    # --- Signing in with the password alone does not open the admin: set up a second factor.
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    sign_in_with_password(page, staff.email)
    expect(page.get_by_text("Staff accounts must use two-factor authentication")).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    field(page.locator(".auth-card"), "Password").fill(PASSWORD)
    page.locator(".auth-card").get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    field(page, "Authenticator code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Activate").click()

    # --- The session signed in without it, so it confirms one code before anything else.
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    expect(page.get_by_text("Staff pages need your second factor")).to_be_visible()
    field(page, "Code").fill(fresh_totp_code(staff))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    shown = page.locator("#recovery_codes").input_value().split()
    assert shown == recovery_codes(staff) and len(shown) == 10

    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()
    sign_out(page)

    # --- Next time: password, then a code from the app, straight on to the admin.
    page.goto("/admin/funds/fundingcall/")
    sign_in_with_password(page, staff.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    field(page, "Code").fill("000000" if fresh_totp_code(staff) != "000000" else "111111")
    page.locator(".auth-card").get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.").first).to_be_visible()
    field(page, "Code").fill(fresh_totp_code(staff))
    page.locator(".auth-card").get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/funds/fundingcall/")
    sign_out(page)

    # --- Phone lost: a recovery code signs in, once.
    page.goto("/admin/")
    sign_in_with_password(page, staff.email)
    expect(page.get_by_text("Lost your phone? Enter one of your recovery codes instead.")).to_be_visible()
    field(page, "Code").fill(shown[0])
    page.locator(".auth-card").get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")
    assert shown[0] not in recovery_codes(staff)
    page.goto("/accounts/2fa/")
    expect(page.get_by_text("There are 9 out of 10 recovery codes available.")).to_be_visible()
    sign_out(page)

    page.goto("/accounts/login/")
    sign_in_with_password(page, staff.email)
    field(page, "Code").fill(shown[0])
    page.locator(".auth-card").get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.").first).to_be_visible()

    assert csp_violations == []


def test_staff_add_a_security_key_and_sign_in_with_it(page: Page, ilo_staff):
    page.set_default_timeout(TIMEOUT_MS)
    csp_violations = []
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    page.goto("/accounts/login/?next=/accounts/2fa/webauthn/add/")
    sign_in_with_mfa(page, ilo_staff)
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()  # the password again
    field(page.locator(".auth-card"), "Password").fill(PASSWORD)
    page.locator(".auth-card").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Security key added.")).to_be_visible()
    expect(page.get_by_text("You have added 1 security key.")).to_be_visible()
    sign_out(page)

    page.goto("/admin/")
    sign_in_with_password(page, ilo_staff.email)
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()
    assert csp_violations == []

"""End to end, in headless Chromium against the live server: staff award Top Innovator to
a core member and issue a letter; the member downloads the baked PNG and the letter and
opens the LinkedIn link (intercepted: LinkedIn is never called); a signed-out visitor
verifies the letter by uploading it and by its code; staff revoke the badge and both its
verification page and its Open Badges JSON (410) say so."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from badges import baking
from badges.models import BadgeAward, Document
from tests.factories.members import PASSWORD, ApprovedMemberFactory, OrganizationFactory
from tests.factories.mfa import sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    card = page.locator(".auth-card")
    card.get_by_label(re.compile(r"^\s*Email:?\s*$")).fill(email)
    card.get_by_label(re.compile(r"^\s*Password:?\s*$")).fill(PASSWORD)
    card.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_staff_award_a_core_member_who_shares_it_and_a_visitor_verifies_it(new_page, ilo_staff, tmp_path):
    organization = OrganizationFactory(name="Kazi Skills Hub", project_name="Green apprenticeships")
    ApprovedMemberFactory(
        full_name="Zoë Ñúñez", organization=organization, network_role="core", user__email="zoe.core@example.org"
    )

    # --- Staff award Top Innovator and issue a letter of introduction in the admin.
    staff = new_page()
    staff.goto("/admin/")
    staff.wait_for_url(re.compile(r"/accounts/login/\?next=.*admin"))
    sign_in_with_mfa(staff, ilo_staff)
    staff.wait_for_url("**/admin/")
    staff.goto("/admin/badges/badgeaward/add/")
    staff.get_by_label("Badge").select_option(label="ILO Top Innovator")
    staff.get_by_label("Members").select_option(label="Zoë Ñúñez <zoe.core@example.org>")
    staff.get_by_label("Citation").fill("Took recognition of prior learning to informal workers.")
    staff.get_by_role("button", name="Award the badge").click()
    expect(staff.get_by_text("Badge awarded to 1 member.")).to_be_visible()
    staff.goto("/admin/badges/document/add/")
    staff.get_by_label("Member").select_option(label="Zoë Ñúñez <zoe.core@example.org>")
    staff.get_by_label("Purpose").fill("Meeting funders at the Skills Summit.")
    staff.get_by_role("button", name="Issue the letter").click()
    expect(staff.get_by_text("Letter of introduction issued")).to_be_visible()
    award, letter = BadgeAward.objects.get(), Document.objects.get()

    # --- The member downloads the baked badge and the letter, and opens LinkedIn.
    member = new_page()
    sign_in(member, "zoe.core@example.org")
    member.goto("/recognition/")
    expect(member.get_by_role("heading", name=re.compile("ILO Top Innovator"))).to_be_visible()
    with member.expect_download() as png_download:
        member.get_by_role("link", name="Download the badge (PNG)").click()
    png_path = tmp_path / "badge.png"
    png_download.value.save_as(png_path)
    assertion = baking.unbake(png_path.read_bytes())
    assert assertion["id"].endswith(f"/openbadges/assertions/{award.uuid}")
    with member.expect_download() as pdf_download:
        member.get_by_role("link", name="Download (PDF)").click()
    pdf_path = tmp_path / "letter.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"

    opened = []
    member.context.route("https://www.linkedin.com/**", lambda route: (opened.append(route.request.url), route.fulfill(body="LinkedIn stub")))
    member.get_by_role("link", name="Add to LinkedIn profile").click()
    member.wait_for_url("https://www.linkedin.com/**")
    query = parse_qs(urlsplit(opened[0]).query)
    assert query["name"] == ["ILO Top Innovator"]
    assert query["issueMonth"] == [str(award.issued_at.month)]
    assert query["certId"] == [award.code_display]
    assert query["certUrl"][0].endswith(f"/verify/{award.verification_code}/")

    # --- A signed-out visitor verifies the letter by uploading it, then by its code.
    visitor = new_page()
    visitor.goto("/verify/")
    visitor.get_by_label("A letter, certificate (PDF) or badge image (PNG)").set_input_files(str(pdf_path))
    visitor.get_by_role("button", name="Check the file").click()
    visitor.wait_for_url(f"**/verify/{letter.verification_code}/")
    expect(visitor.get_by_text("Verified: issued by the Skills Innovation Network and valid.")).to_be_visible()
    visitor.goto("/verify/")
    visitor.get_by_label("Verification code").fill(letter.code_display.lower())
    visitor.get_by_role("button", name="Verify", exact=True).click()
    visitor.wait_for_url(f"**/verify/{letter.verification_code}/")
    expect(visitor.locator(".verify-status")).to_contain_text("Valid")

    # --- Staff revoke the badge; its page and its hosted assertion say so.
    staff.goto("/admin/badges/badgeaward/")
    staff.get_by_role("row").filter(has_text="zoe.core@example.org").get_by_role("checkbox").check()
    staff.get_by_role("combobox", name="Action").select_option(label="Revoke the selected badges…")
    staff.get_by_role("button", name="Run", exact=True).click()
    staff.get_by_label("Reason (sent to the member and shown to verifiers)").fill("Awarded by mistake.")
    staff.get_by_role("button", name="Revoke and tell the members").click()
    expect(staff.get_by_text("1 revoked; the member was told.")).to_be_visible()

    visitor.goto(f"/verify/{award.verification_code}/")
    expect(visitor.locator(".verify-status")).to_contain_text("Revoked")
    expect(visitor.get_by_text("Awarded by mistake.")).to_be_visible()
    response = visitor.request.get(f"/openbadges/assertions/{award.uuid}")
    assert response.status == 410
    assert json.loads(response.text())["revoked"] is True

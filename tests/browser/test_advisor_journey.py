"""End to end in headless Chromium: a member finds an advisor by language, asks for them
on their coaching request from the advisor's page, staff assign the advisor with the one
admin action, and the member sees it; a visitor reads a region's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coaching.requests.models import CoachingRequest, Stage
from members.help.models import IloOffice, TechnicalAdvisor
from members.models import MemberProfile
from taxonomy.models import Language
from tests.browser.test_member_journey import sign_in
from tests.factories.members import PASSWORD, ApprovedMemberFactory
from tests.factories.mfa import sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "awa.sarr@example.org"


def test_a_member_asks_for_an_advisor_and_staff_assign_them(page: Page, new_page, ilo_staff):
    member = ApprovedMemberFactory(user__email=EMAIL, full_name="Awa Sarr", country="SN").user
    coaching_request = CoachingRequest.objects.create(
        member=member, title="Solar technicians in Thiès", stage=Stage.CONCEPT, needs=["budget"]
    )
    french = Language.objects.get(code="fr")
    advisor = TechnicalAdvisor.objects.create(
        name="Fatou Ndiaye",
        title="Budget specialist",
        email="fatou@example.org",
        kinds=["budgeting"],
    )
    advisor.languages.set([french])
    TechnicalAdvisor.objects.create(name="Zed English", email="zed@example.org")

    page.goto("/accounts/login/?next=/members/help/advisors/")
    sign_in(page, email=EMAIL, password=PASSWORD)
    page.locator("#id_language").select_option("fr")
    page.get_by_role("button", name="Show advisors").click()
    expect(page.get_by_text("1 advisor found")).to_be_visible()
    page.get_by_role("link", name="Fatou Ndiaye").click()
    expect(page.get_by_text("fatou@example.org")).to_have_count(0)
    page.get_by_role("link", name="Ask for this advisor on my request…").click()
    page.get_by_label("Your coaching request").select_option(label="Solar technicians in Thiès")
    page.get_by_role("button", name="Ask for this advisor").click()
    expect(
        page.get_by_text("ILO staff have been told which advisor you asked for.")
    ).to_be_visible()
    history = page.get_by_role("region", name="History")
    expect(history.get_by_text("asked for advisor Fatou Ndiaye")).to_be_visible()

    staff = new_page()
    staff.goto("/admin/")
    sign_in_with_mfa(staff, ilo_staff)
    staff.wait_for_url("**/admin/")
    staff.goto("/admin/coaching_requests/coachingrequest/")
    row = staff.get_by_role("row").filter(has_text="Solar technicians in Thiès")
    expect(row.get_by_text("Fatou Ndiaye")).to_be_visible()
    row.get_by_role("checkbox").check()
    staff.locator("select[name=action]").select_option("assign_requested_advisor")
    staff.locator("button[name=index]").first.click()
    expect(staff.get_by_text("1 request now has the advisor the member asked for.")).to_be_visible()
    assert CoachingRequest.objects.get(pk=coaching_request.pk).advisor_id == advisor.pk

    page.reload()
    expect(page.locator("dd").get_by_text("Fatou Ndiaye", exact=True)).to_be_visible()
    expect(history.get_by_text("— → Fatou Ndiaye")).to_be_visible()


def test_a_visitor_reads_a_regions_page_from_the_directory(page: Page):
    ApprovedMemberFactory(
        full_name="Kwame Mensah",
        country="GH",
        network_role=MemberProfile.NetworkRole.REGIONAL_REP,
        represented_region="africa",
    )
    IloOffice.objects.create(
        name="ILO Country Office for Nigeria, Ghana, Liberia and Sierra Leone",
        countries=["NG", "GH"],
        region="africa",
        email="abuja@example.org",
    )
    page.goto("/members/")
    page.get_by_role("link", name="Regions of the network").click()
    page.get_by_role("link", name="Africa").click()
    expect(page.get_by_role("heading", name="Kwame Mensah")).to_be_visible()
    expect(
        page.get_by_text("ILO Country Office for Nigeria, Ghana, Liberia and Sierra Leone")
    ).to_be_visible()
    expect(page.get_by_text("abuja@example.org")).to_have_count(0)
    page.get_by_role("link", name="Ghana").click()
    expect(page).to_have_url(re.compile(r"/members/\?country=GH$"))

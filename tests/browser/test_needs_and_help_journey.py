"""End to end, in headless Chromium: a member answers the needs assessment, finds an
advisor who works on their category and speaks their language, and writes to them
(the address never shown); the advisor stops further messages from the link in the
email; ILO staff read the results as charts with their numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from members.help.models import TechnicalAdvisor
from tests.browser.test_member_journey import labelled, link_in, sign_in, wait_for_email
from tests.factories.members import (
    PASSWORD,
    ApprovedMemberFactory,
    LanguageFactory,
    SkillCategoryFactory,
)
from tests.factories.mfa import sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER_EMAIL = "amina.diallo@example.org"
ADVISOR_EMAIL = "claire@advisors.example.org"


@pytest.fixture
def setting():
    rpl = SkillCategoryFactory(slug="rpl-certification", name_en="RPL and certification")
    french = LanguageFactory(code="fr", name_en="French")
    LanguageFactory(code="en", name_en="English")
    ApprovedMemberFactory(user__email=MEMBER_EMAIL, full_name="Amina Diallo", country="SN")
    advisor = TechnicalAdvisor.objects.create(
        name="Claire Dubois", title="Skills specialist", email=ADVISOR_EMAIL, countries=["SN"]
    )
    advisor.categories.set([rpl])
    advisor.languages.set([french])
    return advisor


def test_a_member_answers_the_survey_finds_an_advisor_and_writes_and_staff_read_the_results(
    page: Page, new_page, ilo_staff, setting
):
    page.goto("/accounts/login/")
    sign_in(page, email=MEMBER_EMAIL, password=PASSWORD)

    # --- The needs assessment.
    page.goto("/members/survey/")
    page.get_by_label("Coaching to write proposals and budgets").check()
    page.get_by_label("Which workshop or event topics do you need most? — choice 1").select_option(
        label="Budgets and financial reporting"
    )
    page.get_by_label("French", exact=True).check()
    page.get_by_label("Peer exchange", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you! Your answers have been saved.")).to_be_visible()

    # --- Find help, from the header.
    page.get_by_role("link", name="Find help").first.click()
    labelled(page, "Skills category").select_option(label="RPL and certification")
    labelled(page, "In which language?").select_option(label="French")
    page.locator("main").get_by_role("button", name="Find help").click()
    card = page.locator(".help-card").filter(has_text="Claire Dubois")
    expect(card).to_contain_text("works on RPL and certification, in Senegal, speaks French")
    expect(page.locator("body")).not_to_contain_text(ADVISOR_EMAIL)
    card.get_by_role("link", name="Write to Claire Dubois").click()
    labelled(page, "Subject").fill("Certifying informal apprentices")
    labelled(page, "Your message").fill("Could you advise us on RPL assessment tools?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message has been sent.")).to_be_visible()

    # --- The advisor gets it by email, in French, and stops further messages.
    email = wait_for_email(to=ADVISOR_EMAIL, subject="Certifying informal apprentices")
    assert email.extra_headers["Reply-To"] == MEMBER_EMAIL
    advisor_page = new_page()
    advisor_page.goto(link_in(email, r"/fr/members/help/opt-out/[^/\s]+/"))
    advisor_page.get_by_role("button", name="Ne plus recevoir de messages").click()
    expect(advisor_page.get_by_role("status")).to_be_visible()
    setting.refresh_from_db()
    assert not setting.accepts_contact

    # --- ILO staff read the results: an SVG chart and its numbers.
    staff = new_page()
    staff.goto("/accounts/login/?next=/members/survey/results/")
    sign_in_with_mfa(staff, ilo_staff)
    staff.wait_for_url("**/members/survey/results/")
    expect(staff.get_by_role("img", name="What do you need from the network?")).to_be_visible()
    row = staff.get_by_role("row", name="Coaching to write proposals and budgets")
    expect(row.first).to_contain_text("1")

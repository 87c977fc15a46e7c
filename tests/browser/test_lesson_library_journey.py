"""End to end in headless Chromium: a member submits a recorded lesson with a PDF handout,
ILO staff endorse it in the admin, and another member finds it in the library by its
words and language and sees "Endorsed by ILO"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coaching.lessons.models import Lesson
from tests.browser.test_member_journey import sign_in
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

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_a_member_shares_a_lesson_staff_endorse_it_and_another_member_finds_it(
    page: Page, new_page, ilo_staff, tmp_path
):
    ApprovedMemberFactory(user__email="amina@example.org", full_name="Amina Diallo")
    ApprovedMemberFactory(user__email="carlos@example.org", full_name="Carlos Rojas")
    LanguageFactory(code="fr", name_en="French")
    SkillCategoryFactory(slug="apprenticeships", name_en="Apprenticeships")
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(PDF)

    page.goto("/accounts/login/?next=/coaching/lessons/submit/")
    sign_in(page, email="amina@example.org", password=PASSWORD)
    page.locator("#id_title").fill("Rédiger une note conceptuelle")
    page.locator("#id_summary").fill("La structure d'une note conceptuelle.")
    page.get_by_label("Apprenticeships").check()
    page.locator("#id_language").select_option(label="French")
    page.locator("#id_video_url").fill("http://video.example.org/note")
    page.locator("#id_material").set_input_files(str(handout))
    page.get_by_role("button", name="Send for review").click()
    expect(
        page.get_by_text("Enter a secure link starting with https://.", exact=True)
    ).to_be_visible()
    page.locator("#id_video_url").fill("https://video.example.org/note")
    page.locator("#id_material").set_input_files(str(handout))
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Thank you: ILO staff will review your lesson.")).to_be_visible()
    expect(page.get_by_text("Awaiting review")).to_be_visible()

    staff = new_page()
    staff.goto("/admin/")
    sign_in_with_mfa(staff, ilo_staff)
    staff.wait_for_url("**/admin/")
    staff.goto("/admin/coaching_lessons/lesson/")
    staff.get_by_role("link", name="Rédiger une note conceptuelle").click()
    staff.locator("#id_decision").select_option("endorse")
    staff.get_by_role("button", name=re.compile("^Save$")).click()
    expect(staff.get_by_text("was changed successfully")).to_be_visible()
    assert Lesson.objects.get().status == "endorsed"

    other = new_page()
    other.goto("/accounts/login/?next=/coaching/")
    sign_in(other, email="carlos@example.org", password=PASSWORD)
    other.get_by_role("link", name="Lesson library").click()
    other.locator("#id_q").fill("note conceptuelle")
    other.locator("#id_language").select_option(label="French")
    other.get_by_role("button", name="Filter").click()
    other.get_by_role("link", name="Rédiger une note conceptuelle").click()
    expect(other.get_by_text("Endorsed by ILO")).to_be_visible()
    expect(other.get_by_role("link", name="handout.pdf")).to_be_visible()

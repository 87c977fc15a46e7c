"""End to end in headless Chromium: a member volunteers as a translator on their own
page; another member asks for a translation with a PDF; the volunteer gets the offer
email, accepts on "My translation work" and uploads the translation; the requester is
emailed and sees it delivered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaching.translations.models import TranslationRequest, Volunteer
from taxonomy.models import Language
from tests.browser.test_member_journey import labelled, sign_in, wait_for_email
from tests.factories.members import PASSWORD, ApprovedMemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VOLUNTEER, REQUESTER = "fatou.ndiaye@example.org", "lucia.gomez@example.org"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_a_volunteer_accepts_and_delivers_a_members_translation(page: Page, new_page, tmp_path):
    for email, name in ((VOLUNTEER, "Fatou Ndiaye"), (REQUESTER, "Lucía Gómez")):
        ApprovedMemberFactory(user__email=email, full_name=name)
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    document = tmp_path / "concept-note.pdf"
    document.write_bytes(PDF)

    # The volunteer gives a pair and a capacity on their own page.
    page.goto("/accounts/login/?next=/coaching/translations/volunteer/")
    sign_in(page, email=VOLUNTEER, password=PASSWORD)
    page.wait_for_url("**/coaching/translations/volunteer/")
    labelled(page, "Translations per month").fill("2")
    page.locator("#id_pairs-0-source").select_option(str(english.pk))
    page.locator("#id_pairs-0-target").select_option(str(french.pk))
    page.get_by_role("button", name="Volunteer", exact=True).click()
    expect(page.get_by_text("your translator setting is saved")).to_be_visible()
    assert Volunteer.objects.get(user__email=VOLUNTEER).is_active

    # Another member asks for a translation with a PDF.
    other = new_page()
    other.goto("/accounts/login/?next=/coaching/translations/requests/new/")
    sign_in(other, email=REQUESTER, password=PASSWORD)
    other.wait_for_url("**/coaching/translations/requests/new/")
    labelled(other, "What is to be translated").fill("Concept note for the Green Jobs call")
    labelled(other, "From").select_option(str(english.pk))
    labelled(other, "Into").select_option(str(french.pk))
    labelled(other, "Needed by").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    other.get_by_label("Documents (PDF, DOCX, XLSX or ODT)").set_input_files(str(document))
    other.get_by_role("button", name="Send the request").click()
    expect(other.get_by_text("we are asking a volunteer")).to_be_visible()
    expect(other.get_by_text("Waiting for a volunteer")).to_be_visible()

    # The volunteer is emailed, accepts on their page and uploads the translation.
    wait_for_email(to=VOLUNTEER, subject="Can you translate")
    page.goto("/coaching/translations/work/")
    page.get_by_role("button", name="I will translate it").click()
    expect(page.get_by_text("the translation is yours")).to_be_visible()
    expect(page.get_by_role("link", name="concept-note.pdf")).to_be_visible()
    wait_for_email(to=REQUESTER, subject="A volunteer will translate")
    page.get_by_label("The translation (PDF, DOCX, XLSX or ODT)").set_input_files(str(document))
    page.get_by_role("button", name="Deliver the translation").click()
    expect(page.get_by_text("the translation is delivered")).to_be_visible()

    # The requester is told and sees it delivered, with the translation to download.
    wait_for_email(to=REQUESTER, subject="is ready")
    other.goto("/coaching/translations/requests/")
    expect(other.get_by_text("Delivered")).to_be_visible()
    expect(other.get_by_role("link", name="The translation")).to_be_visible()
    assert TranslationRequest.objects.get().status == "delivered"

"""End to end in headless Chromium (issue #14): a member proposes a topic, two members
vote, staff schedule it, a voter registers from the notification, the host publishes the
summary, and the attendee finds it in the library."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from peer_exchange import services
from taxonomy.models import Language
from tests.browser.test_member_journey import link_in, sign_in, wait_for_email
from tests.factories.members import PASSWORD, ApprovedMemberFactory, StaffUserFactory
from tests.factories.mfa import enrol_totp, sign_in_with_mfa
from tests.factories.peer_exchange import SeriesFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROPOSER, VOTER, OTHER, HOST = (
    "amina.diallo@example.org", "carlos.rivera@example.org", "li.wei@example.org", "fatou.sow@example.org",
)  # fmt: skip


def _signed_in(new_page, email: str, path: str) -> Page:
    page = new_page()
    page.goto(f"/accounts/login/?next={path}")
    sign_in(page, email=email, password=PASSWORD)
    page.wait_for_url(f"**{path}")
    return page


def test_propose_vote_schedule_register_publish_and_read_in_the_library(page: Page, new_page):
    for email in (PROPOSER, VOTER, OTHER, HOST):
        ApprovedMemberFactory(
            user__email=email, full_name=email.split("@")[0].replace(".", " ").title()
        )
    staff = StaffUserFactory(email="staff@ilo.example.org")
    enrol_totp(staff)
    SeriesFactory(name="Peer exchange (English)")
    services.series_generate()
    from members.models import User
    from peer_exchange.models import PeerSession

    peer = PeerSession.objects.select_related("session").first()
    host = User.objects.get(email=HOST)
    services.host_offer_set(actor=host, is_active=True)
    services.host_assign(peer=peer, actor=staff, host=host)

    # A member proposes a topic.
    proposer = _signed_in(new_page, PROPOSER, "/peer-exchange/topics/new/")
    proposer.get_by_label("Title").fill("Presenting a project in five minutes")
    proposer.get_by_role("button", name="Propose").click()
    expect(proposer.get_by_text("Your topic is proposed")).to_be_visible()
    topic_path = proposer.url.split(proposer.url.split("/peer-exchange/")[0])[1]

    # Two members vote for it.
    for email in (VOTER, OTHER):
        voter = _signed_in(new_page, email, topic_path)
        voter.get_by_role("button", name="Vote", exact=True).click()
        expect(voter.get_by_text("Thank you for your vote.")).to_be_visible()
    expect(voter.get_by_text("Open for votes 2 votes")).to_be_visible()

    # Staff schedule it into the next session.
    page.goto(f"/accounts/login/?next={topic_path}")
    sign_in_with_mfa(page, staff)
    page.goto(topic_path)
    page.get_by_label("Session").select_option(index=1)
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("The topic is scheduled")).to_be_visible()

    # A voter registers from the notification, in one click on the session page.
    notice = wait_for_email(to=VOTER, subject="Scheduled: Presenting a project")
    registrant = _signed_in(new_page, VOTER, link_in(notice, r"/peer-exchange/sessions/\d+/"))
    registrant.get_by_role("button", name="Register", exact=True).click()
    expect(registrant.get_by_text("You are registered.")).to_be_visible()

    # The host writes and publishes the summary.
    hosting = _signed_in(new_page, HOST, f"/peer-exchange/sessions/{peer.session_id}/summary/")
    hosting.locator("[name=output-kind]").select_option("tip_sheet")
    hosting.locator("[name=output-title]").fill("Five-minute pitch: what worked")
    hosting.locator("[name=output-summary]").fill("Open with **one learner's story**.")
    hosting.locator("[name=output-tips]").fill("One slide, one idea")
    hosting.locator("[name=output-language]").select_option(str(Language.objects.get(code="en").pk))
    hosting.get_by_role("button", name="Save and publish").click()
    expect(hosting.get_by_text("The summary is saved.")).to_be_visible()

    # The attendee is told and finds it in the library.
    wait_for_email(to=VOTER, subject="What we learned: Five-minute pitch")
    registrant.goto("/peer-exchange/library/")
    registrant.get_by_role("link", name="Five-minute pitch: what worked").click()
    expect(registrant.get_by_text("One slide, one idea")).to_be_visible()
    expect(registrant.locator("strong", has_text="one learner's story")).to_be_visible()

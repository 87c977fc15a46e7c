"""End to end in headless Chromium: a member registers for the last seat and receives the
.ics; another member joins the waiting list; the first cancels; the waiter receives the
offer email and accepts through its link; the seat count is right."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from events.models import Registration
from tests.browser.test_member_journey import link_in, sign_in, wait_for_email
from tests.factories.events import SessionFactory
from tests.factories.members import PASSWORD, ApprovedMemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST, SECOND = "amina.diallo@example.org", "carlos.rivera@example.org"


def test_register_cancel_and_the_first_waiter_accepts_the_freed_seat(page: Page, new_page):
    for email, name in ((FIRST, "Amina Diallo"), (SECOND, "Carlos Rivera")):
        ApprovedMemberFactory(user__email=email, full_name=name)
    session = SessionFactory(title="What reviewers look for", capacity=1)
    path = f"/coaching/{session.pk}/"

    # The first member takes the only seat and gets the invitation.
    page.goto(f"/accounts/login/?next={path}")
    sign_in(page, email=FIRST, password=PASSWORD)
    page.wait_for_url(f"**{path}")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("You are registered.")).to_be_visible()
    expect(page.get_by_text("0 seats left")).to_be_visible()
    confirmation = wait_for_email(to=FIRST, subject="Your seat is confirmed")
    [(filename, ics, mimetype)] = confirmation.attachments
    assert (
        filename == "invite.ics"
        and "METHOD:REQUEST" in ics
        and mimetype.startswith("text/calendar")
    )

    # The second member can only join the waiting list.
    other = new_page()
    other.goto(f"/accounts/login/?next={path}")
    sign_in(other, email=SECOND, password=PASSWORD)
    other.wait_for_url(f"**{path}")
    other.get_by_role("button", name="Join the waiting list").click()
    expect(other.get_by_text("you are number 1")).to_be_visible()

    # The first member cancels: the seat is offered to the waiter by email.
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    offer = wait_for_email(to=SECOND, subject="A seat is free for you")
    other.goto(link_in(offer, r"/sessions/offer/[^\s]+/"))
    other.get_by_role("button", name="Accept your seat").click()
    expect(other.get_by_text("You are registered.")).to_be_visible()
    expect(other.get_by_text("0 seats left")).to_be_visible()
    wait_for_email(to=SECOND, subject="Your seat is confirmed")

    seats = Registration.objects.filter(session=session).holding_seat()
    assert [r.user.email for r in seats] == [SECOND]

"""End to end, in headless Chromium against the live server: a member saves the /funds/
selection they are looking at as an instant alert; ILO staff publish a matching call in
the admin; the scheduled matcher (run here as beat would) emails the member once; the
one-click unsubscribe link in that email works without signing in.

Mail goes through the outbox for real; the locmem backend fills django.core.mail.outbox.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from funds.alerts import services
from funds.alerts.models import Alert
from funds.choices import EditorialStatus
from funds.search import update_search_vectors
from tests.browser.test_member_journey import labelled, link_in, sign_in, wait_for_email
from tests.factories.funds import FundingCallFactory
from tests.factories.members import PASSWORD, MemberProfileFactory, SkillCategoryFactory
from tests.factories.mfa import sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER_EMAIL = "amina.diallo@example.org"


@pytest.fixture
def setting():
    rpl = SkillCategoryFactory(slug="rpl-certification", name_en="RPL and certification")
    FundingCallFactory(title="Recognition of prior learning in Africa", categories=[rpl],
                       is_global=False, eligible_regions=["africa"])
    draft = FundingCallFactory(title="New RPL fund for West Africa", categories=[rpl], is_global=False,
                               eligible_regions=["africa"], status=EditorialStatus.DRAFT, published_at=None,
                               announced_at=None)
    update_search_vectors()
    MemberProfileFactory(user__email=MEMBER_EMAIL, full_name="Amina Diallo", preferred_language="en",
                         time_zone="Africa/Dakar")
    return draft


def run_beat_jobs() -> None:
    """What beat runs every minute: match new announcements, send the instant alerts."""
    services.alerts_match_new_calls()
    services.alert_send_instant()


def test_a_member_saves_an_alert_staff_publish_a_match_and_the_email_unsubscribes_in_one_click(
    page: Page, new_page, ilo_staff, setting
):
    draft = setting
    # The member looks at RPL calls open to Africa and saves that selection as an alert.
    page.goto("/accounts/login/")
    sign_in(page, email=MEMBER_EMAIL, password=PASSWORD)
    page.goto("/funds/?category=rpl-certification&region=africa")
    page.get_by_role("link", name="Email me new calls like these").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email me new calls like these")
    labelled(page, "Name of the alert").fill("RPL in Africa")
    page.get_by_label("As soon as a matching call is published").check()
    page.get_by_role("button", name="Save the alert").click()
    expect(page).to_have_url(re.compile(r"/alerts/$"))
    expect(page.get_by_role("heading", name="RPL in Africa")).to_be_visible()
    run_beat_jobs()  # the calls published before the alert are not news to it
    mail.outbox.clear()

    # ILO staff publish the matching draft from the admin's list of calls.
    staff = new_page()
    staff.goto("/accounts/login/")
    sign_in_with_mfa(staff, ilo_staff)
    staff.goto("/admin/funds/fundingcall/?status__exact=draft")
    staff.get_by_role("row", name=re.compile("New RPL fund for West Africa")).get_by_role("checkbox").check()
    staff.locator("select[name=action]").select_option("publish_calls")
    staff.get_by_role("button", name=re.compile("^Go$|^Run$")).click()
    expect(staff.locator(".messagelist")).to_contain_text("published")

    # The next minute's jobs email the member, once.
    run_beat_jobs()
    run_beat_jobs()
    message = wait_for_email(to=MEMBER_EMAIL, subject="RPL in Africa")
    assert "New RPL fund for West Africa" in message.body
    assert len([m for m in mail.outbox if MEMBER_EMAIL in m.to]) == 1

    # The link back to the call works.
    page.goto(link_in(message, rf"/funds/{re.escape(draft.slug)}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New RPL fund for West Africa")

    # One click, on another computer without signing in: the alert stops at once.
    anonymous = new_page()
    anonymous.goto(link_in(message, r"/alerts/unsubscribe/[^/\s]+/"))
    anonymous.get_by_role("button", name="Unsubscribe").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert Alert.objects.get(name="RPL in Africa").paused

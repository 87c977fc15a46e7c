"""The main pages on a phone (375 × 812) and through axe-core, in headless Chromium.

On a phone: nothing scrolls sideways, the header folds behind a menu button, /funds/ shows
its results first with the filters behind "Filter (N)", and its tap targets are at least
24 px. axe-core (the axe.min.js that axe-playwright-python ships, from PyPI) checks the home
page, the catalogue, a call, the directory, sign-in and sign-up: any serious or critical
violation fails the test.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from funds.search import update_search_vectors
from members.models import MemberProfile
from tests.factories.funds import FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory

# serialized_rollback: the live server only sees committed rows, and the taxonomy the
# migrations seeded must be back for the tests that run after these.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}
BLOCKING_IMPACTS = {"serious", "critical"}
MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8


@pytest.fixture
def portal():
    """A catalogue, a directory with a long role badge, and a member organization."""
    now = timezone.now()
    organization = OrganizationFactory(name="Nairobi Skills Lab", slug="nairobi-skills-lab")
    for n in range(8):
        FundingCallFactory(
            title=f"Apprenticeship challenge number {n} for training providers in Africa",
            is_global=n % 2 == 0,
            eligible_regions=[] if n % 2 == 0 else ["africa"],
            deadline=now + timedelta(days=3 + n * 5),
        )
    ApprovedMemberFactory(
        full_name="Wanjiru Kamau-Oyelaran Fernández de la Vega",
        organization=organization,
        organization_role="Programme coordinator for apprenticeships",
        network_role=MemberProfile.NetworkRole.REGIONAL_REP,
        represented_region="americas",
    )
    update_search_vectors()
    return {"call": FundingCallFactory(title="Green skills for rural youth", slug="green-skills-rural")}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    connections.close_all()  # as the `page` fixture does: Playwright's threads leave them open


def main_pages(portal) -> list[str]:
    return ["/", "/funds/", portal["call"].get_absolute_url(), "/members/", "/members/organizations/",
            "/accounts/login/", "/accounts/signup/"]


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_on_a_phone_no_main_page_scrolls_sideways(phone, portal):
    for url in main_pages(portal):
        phone.goto(url)
        assert horizontal_overflow(phone) == 0, url


def test_on_a_phone_the_header_folds_behind_an_accessible_menu_button(phone, portal):
    phone.goto("/")
    menu = phone.get_by_role("button", name="Menu")
    nav = phone.get_by_role("navigation", name="Main")

    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] < 120  # it took 320 of 812 px

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    nav.get_by_role("link", name="Funding calls").focus()
    phone.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()


def test_on_a_phone_the_catalogue_shows_results_first_and_folds_the_filters(phone, portal):
    phone.goto("/funds/?region=africa&rolling=&status=open")
    toggle = phone.get_by_role("button", name=re.compile(r"^Filter"))
    filters = phone.locator("#call-filters")

    expect(toggle).to_have_text(re.compile(r"Filter\s*\(2\)"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()
    first = phone.locator("#call-results article").first
    box = first.bounding_box()
    assert box["y"] + 40 < PHONE["height"], "the first result starts below the first screen"

    toggle.click()
    expect(filters).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    # Removing a filter updates the count on the button.
    phone.locator(".funds-chip").first.click()
    expect(toggle).to_have_text(re.compile(r"Filter\s*\(1\)"))


def small_targets(page) -> list[str]:
    return page.evaluate(
        """(min) => {
          const targets = document.querySelectorAll(
            "a[href], button, input:not([type=hidden]), select, summary, textarea");
          const out = [];
          for (const el of targets) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;          // not shown
            if (el.closest(".visually-hidden, .funds-sr-only, .skip-link")) continue;
            // WCAG 2.5.8 "inline" exception: a link inside a sentence.
            if (el.tagName === "A" && getComputedStyle(el).display === "inline" &&
                el.parentElement && el.parentElement.textContent.trim() !== el.textContent.trim()) continue;
            if (r.width < min || r.height < min) out.push(
              `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim().slice(0, 40)}" ` +
              `${Math.round(r.width)}x${Math.round(r.height)}`);
          }
          return out;
        }""",
        MIN_TARGET,
    )


def test_every_tap_target_of_the_catalogue_is_at_least_24_px_on_a_phone_and_a_laptop(phone, page, portal):
    phone.goto("/funds/")
    phone.get_by_role("button", name=re.compile(r"^Filter")).click()
    phone.get_by_role("button", name="Menu").click()
    page.goto("/funds/")

    assert small_targets(phone) == []
    assert small_targets(page) == []


def test_on_a_phone_a_long_role_badge_wraps_in_the_directory(phone, portal):
    phone.goto("/members/")
    badge = phone.locator(".badge", has_text="Regional representative").first

    expect(badge).to_be_visible()
    assert badge.bounding_box()["x"] + badge.bounding_box()["width"] <= PHONE["width"]
    assert horizontal_overflow(phone) == 0


@pytest.fixture(scope="module")
def axe():
    return Axe()


def blocking_violations(axe, page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(page, phone, portal, axe):
    for viewer in (page, phone):
        for url in main_pages(portal):
            viewer.goto(url)
            assert blocking_violations(axe, viewer) == [], f"{url} at {viewer.viewport_size['width']} px"


def test_axe_runs_and_would_report_a_serious_violation(page, axe):
    page.set_content('<html lang="en"><body><main><img src="x.png"><a href="/x"></a></main></body></html>')

    assert {v.split(" ")[0] for v in blocking_violations(axe, page)} >= {"image-alt", "link-name"}


def clipboard_text(context, base_url: str) -> str:
    """What the clipboard holds, read from a blank page of the same origin: the portal's
    own pages forbid reading the clipboard (Permissions-Policy), as they should."""
    blank = f"{base_url}/__clipboard__"
    context.route(blank, lambda route: route.fulfill(body="<!doctype html><title>-</title>", content_type="text/html"))
    reader = context.new_page()
    reader.goto(blank)
    reader.bring_to_front()
    return reader.evaluate("navigator.clipboard.readText()")


def test_link_to_this_search_copies_the_address_of_the_results(page, portal, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/funds/")
    page.get_by_label("Open to applicants in region").select_option("africa")
    page.wait_for_url(re.compile(r"region=africa"))

    page.get_by_role("link", name="Link to this search").click()

    expect(page.locator("[data-copy-status]")).to_have_text(re.compile("Link copied"))
    assert "/funds/?region=africa" in page.url  # still on the results: nothing was followed
    assert clipboard_text(page.context, live_server.url) == page.url

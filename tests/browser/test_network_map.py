"""The network map in headless Chromium: filter to a region, find an organization with
the keyboard, open its panel and follow it to its profile; the text version with
JavaScript switched off; and the map interactive within 2 s with 1,000 organizations."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from members.models import Organization
from members.network.services import network_refresh
from tests.factories.members import (
    ApprovedMemberFactory,
    ExpertiseFactory,
    LanguageFactory,
    OrganizationFactory,
    SkillCategoryFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INTERACTIVE_WITHIN_MS = 2_000
EVERY_LINK_WITHIN_CPU_MS = 3_000  # 1.0–1.4 s measured at load 5–6 (bench/README.md)


def _main_thread_cpu_ms(cdp) -> float:
    """The page's main-thread CPU time so far (Chrome's ThreadTime)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime") * 1000


def _network():
    green = SkillCategoryFactory(slug="map-green-skills", name_en="Green skills")
    solar = ExpertiseFactory(slug="map-solar", name_en="Solar installation")
    rpl = ExpertiseFactory(slug="map-rpl", name_en="Recognition of prior learning")
    english = LanguageFactory(code="en", name_en="English")
    for name, country in [
        ("Kenya Skills", "KE"),
        ("Lagos Trades", "NG"),
        ("Lima Oficios", "PE"),
        ("Dhaka Works", "BD"),
    ]:
        organization = OrganizationFactory(
            name=name, country=country, project_objectives=f"{name} trains solar technicians."
        )
        organization.project_languages.set([english])
        ApprovedMemberFactory(
            organization=organization, country=country, categories=[green], expertise=[solar, rpl]
        )
    network_refresh()


def _watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def test_filter_to_a_region_find_an_organization_open_its_panel_and_its_profile(page: Page):
    _network()
    violations = _watch_csp(page)

    page.goto("/members/map/")
    expect(page.locator("[data-map-ready]")).to_be_attached()
    page.get_by_label("Region").select_option("africa")
    page.get_by_role("button", name="Show on the map").click()
    expect(page).to_have_url(re.compile(r"region=africa"))
    expect(page.locator("#map-summary")).to_contain_text("2 organizations")
    expect(page.locator("[data-map-ready]")).to_be_attached()

    # Keyboard: arrow keys step through organizations, announced in a live region.
    page.locator("[data-map-canvas]").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-map-status]")).to_contain_text("Kenya Skills")

    # Search, Enter: the map centres on it and its panel opens with its project.
    search = page.get_by_label("Find an organization on the map")
    search.fill("Lagos")
    search.press("Enter")
    panel = page.locator("[data-map-panel]")
    expect(panel.get_by_role("heading", name="Lagos Trades")).to_be_focused()
    expect(panel).to_contain_text("Lagos Trades trains solar technicians.")

    panel.get_by_role("link", name="Open its profile").click()
    expect(page.get_by_role("heading", level=1, name="Lagos Trades")).to_be_visible()
    assert violations == []


def test_focus_from_the_url_centres_the_map_on_an_organization(page: Page):
    _network()
    lima = Organization.objects.get(name="Lima Oficios")

    page.goto(f"/members/map/?focus={lima.slug}")

    expect(page.locator("[data-map-ready]")).to_be_attached()
    expect(page.locator("[data-map-status]")).to_contain_text("Lima Oficios: 3 links shown")


def test_the_text_version_works_without_javascript(browser, live_server):
    _network()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/members/map/")
        page.get_by_role("link", name="Text version of the map").click()
        page.get_by_label("Region").select_option("africa")
        page.get_by_role("button", name="Show organizations").click()

        items = page.locator("[data-map-list] > li")
        expect(items).to_have_count(2)
        kenya = items.filter(has_text="Kenya Skills")
        kenya.get_by_text("Organizations linked to Kenya Skills").click()  # <details>
        expect(
            kenya.locator("details").get_by_role("link", name="Lagos Trades", exact=True)
        ).to_be_visible()
        kenya.get_by_role("link", name="Kenya Skills", exact=True).click()
        expect(page.get_by_role("heading", level=1, name="Kenya Skills")).to_be_visible()
    finally:
        context.close()


def test_the_map_of_a_thousand_organizations_is_interactive_within_two_seconds(page: Page):
    """Interactive = drawn, searchable and focusable: the script sets data-map-ready to the
    milliseconds since navigation once Cytoscape has drawn its first frame (organizations
    first; the links follow in slices and data-map-links says when the last one is drawn).

    Wall clock to interactive < 2 s, the issue's target, is asserted when the machine is
    not loaded beyond its cores (the 1-minute load average): on the shared 2-core machine
    the tests often wait for a core far longer than they run. Whatever the load, the page's
    main-thread CPU (Chrome's ThreadTime for this document, which contention inflates far
    less) must stay < 2 s until interactive and < 3 s until every link is drawn.
    bench/README.md records both (bench/network_map_browser.py breaks them down)."""
    from bench.network_map import seed_network

    seed_network(1000)
    network_refresh()
    ready = page.locator("[data-map-ready]")
    links = page.locator("[data-map-links]")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    # A running site's server has its templates compiled and its caches filled; the
    # browser stays cold (a new profile: no HTTP or code cache).
    for url in ("/members/map/", "/members/map/data.json"):
        assert page.request.get(url).ok
    load_before = os.getloadavg()[0]

    page.goto("/members/map/")
    expect(ready).to_be_attached(timeout=60_000)
    cpu_ms = _main_thread_cpu_ms(cdp)  # an overestimate: a slice of links may have run since
    expect(links).to_be_attached(timeout=60_000)
    all_cpu_ms = _main_thread_cpu_ms(cdp)

    wall_ms = int(ready.get_attribute("data-map-ready"))
    links_ms = int(links.get_attribute("data-map-links"))
    marks = page.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]))"
    )
    loaded = max(load_before, os.getloadavg()[0]) > (os.cpu_count() or 1)
    print(
        f"1,000 organizations: interactive after {wall_ms} ms wall clock and {cpu_ms:.0f} ms of "
        f"main-thread CPU; every link drawn after {links_ms} ms, {all_cpu_ms:.0f} ms of CPU "
        f"(load average {load_before:.1f}); marks {marks}"
    )
    assert cpu_ms < INTERACTIVE_WITHIN_MS, (
        f"{cpu_ms:.0f} ms of main-thread CPU (wall clock {wall_ms} ms)"
    )
    assert all_cpu_ms < EVERY_LINK_WITHIN_CPU_MS, (
        f"{all_cpu_ms:.0f} ms of main-thread CPU for every link"
    )
    if not loaded:
        assert wall_ms < INTERACTIVE_WITHIN_MS, f"interactive after {wall_ms} ms wall clock"
    search = page.get_by_label("Find an organization on the map")
    search.fill("Bench Organization 17")
    search.press("Enter")
    expect(
        page.locator("[data-map-panel]").get_by_role("heading", name="Bench Organization 17")
    ).to_be_visible()

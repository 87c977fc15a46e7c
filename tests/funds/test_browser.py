"""An innovator in a real browser: filters by category and region, searches, opens a
call, downloads the Excel export and the call's .ics; and the same without JavaScript."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook
from playwright.sync_api import expect

from funds.search import update_search_vectors
from tests.factories.funds import FundingCallFactory
from tests.factories.members import SkillCategoryFactory

# serialized_rollback: the live server needs committed rows, and the taxonomy that the
# migrations seeded must be back for the tests that run after these.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def catalogue():
    rpl = SkillCategoryFactory(slug="rpl-certification", name_en="RPL and certification")
    wbl = SkillCategoryFactory(slug="work-based-learning", name_en="Work-based learning")
    soon = timezone.now() + timedelta(days=20)
    FundingCallFactory(title="Apprenticeship challenge for Africa", slug="apprenticeship-africa", categories=[rpl],
                       is_global=False, eligible_regions=["africa"], deadline=soon)
    FundingCallFactory(title="Recognition of skills fund for Africa", slug="rpl-africa", categories=[rpl],
                       is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Apprenticeship challenge for the Americas", slug="apprenticeship-americas",
                       categories=[rpl], is_global=False, eligible_regions=["americas"])
    FundingCallFactory(title="Work placements worldwide", slug="placements", categories=[wbl])
    update_search_vectors()


def result_titles(page) -> list[str]:
    return page.locator("#call-results article h3").all_inner_texts()


def test_an_innovator_filters_searches_opens_a_call_and_downloads(page, catalogue, tmp_path):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto("/funds/")
    assert len(result_titles(page)) == 4

    # Ticking a category refreshes the results in place (no navigation) and the URL follows.
    page.get_by_label("RPL and certification").check()
    page.wait_for_url(re.compile(r"category=rpl-certification"))
    expect(page.locator("#call-results article")).to_have_count(3)

    page.get_by_label("Open to applicants in region").select_option("africa")
    page.wait_for_url(re.compile(r"region=africa"))
    expect(page.locator("#call-results article")).to_have_count(2)
    expect(page.locator("#results-status")).to_have_text("2 calls found")

    page.get_by_role("searchbox").fill("apprentice")
    page.wait_for_url(re.compile(r"q=apprentice"))
    expect(page.locator("#call-results article")).to_have_count(1)
    assert result_titles(page) == ["Apprenticeship challenge for Africa"]
    assert page.locator("h1").inner_text() == "Funding calls"  # still the same page

    # The Excel export honours the filters.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "calls.xlsx"
    download.save_as(path)
    ws = load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    title_col = next(i for i, h in enumerate(rows[0]) if h and str(h).lower().startswith("title"))
    assert [r[title_col] for r in rows[1:] if r[title_col]] == ["Apprenticeship challenge for Africa"]

    # Open the call, then add its deadline to a calendar.
    page.get_by_role("link", name="Apprenticeship challenge for Africa").click()
    page.wait_for_url("**/funds/apprenticeship-africa/")
    assert page.locator("h1").inner_text() == "Apprenticeship challenge for Africa"
    assert page.locator("[data-local-time]").is_visible()  # the visitor's own clock
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add the deadline to my calendar (.ics)").click()
    ics = Calendar.from_ical(download_info.value.path().read_bytes())
    [event] = list(ics.walk("VEVENT"))
    assert str(event["SUMMARY"]) == "Deadline: Apprenticeship challenge for Africa"

    # Back to the filtered list.
    page.go_back()
    page.wait_for_url(re.compile(r"q=apprentice"))
    assert result_titles(page) == ["Apprenticeship challenge for Africa"]
    assert not errors, errors


def test_removing_a_filter_from_the_empty_state_and_the_back_button(page, catalogue):
    page.goto("/funds/?category=work-based-learning&region=africa")
    # Worldwide placements are open to Africa: one result; add a search with no match.
    page.get_by_role("searchbox").fill("nothingmatches")
    expect(page.locator("#call-results article")).to_have_count(0)
    assert page.get_by_text("No call matches all these filters").is_visible()
    page.get_by_role("link", name=re.compile(r"Remove “Search")).click()
    expect(page.locator("#call-results article")).to_have_count(1)
    assert page.get_by_role("searchbox").input_value() == ""
    page.go_back()
    expect(page.locator("#call-results article")).to_have_count(0)
    assert page.get_by_role("searchbox").input_value() == "nothingmatches"


def test_the_filters_work_without_javascript(browser, live_server, catalogue):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto("/funds/")
        page.get_by_label("RPL and certification").check()
        page.get_by_label("Open to applicants in region").select_option("africa")
        page.get_by_role("button", name="Show calls").click()
        page.wait_for_url(re.compile(r"region=africa"))
        assert sorted(result_titles(page)) == ["Apprenticeship challenge for Africa", "Recognition of skills fund for Africa"]
    finally:
        context.close()

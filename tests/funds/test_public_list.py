"""/funds/: what an innovator sees when browsing, filtering and paging the catalogue."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from funds.selectors import call_category_open_counts, call_search, clean_page_number
from tests.factories.funds import CallDismissalFactory, FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/funds/"


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 id="call-\d+-title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_the_list_url_is_named():
    assert reverse("funds:call-list") == LIST


def test_the_page_is_accessible_in_structure(client):
    FundingCallFactory(title="Apprenticeship fund")
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form role="search"' in html
    assert "<fieldset" in html and "<legend>" in html
    assert '<label for="id_q">' in html
    assert "<article" in html and 'aria-labelledby="call-' in html
    assert 'href="/static/css/funds.css"' in html
    assert 'src="/static/js/funds.js"' in html
    assert "style=" not in html  # strict CSP: no inline styles
    assert "<script>" not in html


def test_result_count_and_open_calls_per_category_are_shown(client):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    wbl = SkillCategoryFactory(slug="work-based-learning")
    FundingCallFactory(categories=[rpl])
    FundingCallFactory(categories=[rpl, wbl])
    FundingCallFactory(categories=[rpl], deadline=timezone.now() - timedelta(days=1))  # closed
    FundingCallFactory(categories=[wbl], status="draft")  # not published
    response = client.get(LIST)
    html = response.content.decode()
    assert "3 calls" in html
    options = {o["slug"]: o["open_count"] for o in response.context["category_options"]}
    assert options["rpl-certification"] == 2
    assert options["work-based-learning"] == 1


def test_category_counts_ignore_the_category_and_status_filters_but_honour_the_others(client):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    FundingCallFactory(categories=[rpl], is_global=False, eligible_regions=["africa"])
    FundingCallFactory(categories=[rpl], is_global=False, eligible_regions=["americas"])
    search = call_search(data={"region": "africa", "category": "rpl-certification", "status": "closed"})
    assert call_category_open_counts(search=search) == {rpl.pk: 1}


def test_category_counts_are_one_query(django_assert_num_queries):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    for _ in range(5):
        FundingCallFactory(categories=[rpl])
    search = call_search(data={"q": "skills", "region": "africa"})
    with django_assert_num_queries(1):
        call_category_open_counts(search=search)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("deadline", ["Soon small", "Later big", "Latest medium"]),
        ("newest", ["Latest medium", "Later big", "Soon small"]),
        ("amount", ["Later big", "Latest medium", "Soon small"]),
    ],
)
def test_sorting(client, sort, expected):
    now = timezone.now()
    FundingCallFactory(title="Soon small", deadline=now + timedelta(days=5), amount_usd=1_000, published_at=now - timedelta(days=30))
    FundingCallFactory(title="Later big", deadline=now + timedelta(days=50), amount_usd=900_000, published_at=now - timedelta(days=20))
    FundingCallFactory(title="Latest medium", deadline=now + timedelta(days=80), amount_usd=50_000, published_at=now - timedelta(days=1))
    assert result_titles(client.get(LIST, {"sort": sort})) == expected


def test_amount_sort_still_puts_closed_calls_last(client):
    now = timezone.now()
    FundingCallFactory(title="Closed huge", deadline=now - timedelta(days=1), amount_usd=10_000_000)
    FundingCallFactory(title="Open small", amount_usd=1_000)
    assert result_titles(client.get(LIST, {"sort": "amount"})) == ["Open small", "Closed huge"]


@override_settings(PORTAL_PAGE_SIZE=2)
def test_pagination_keeps_the_filters_and_pages_do_not_overlap(client):
    for i in range(5):
        FundingCallFactory(title=f"Call {i}", deadline=timezone.now() + timedelta(days=10 + i), is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Elsewhere", is_global=False, eligible_regions=["americas"])
    seen = []
    for page in (1, 2, 3):
        response = client.get(LIST, {"region": "africa", "page": page})
        seen += result_titles(response)
    assert seen == [f"Call {i}" for i in range(5)]
    html = client.get(LIST, {"region": "africa", "page": 2}).content.decode()
    assert '<nav class="pagination funds-pagination" aria-label="Pages of results">' in html
    assert "?region=africa&amp;page=3" in html
    assert 'aria-current="page"' in html


@override_settings(PORTAL_PAGE_SIZE=2)
@pytest.mark.parametrize(
    ("page", "expected_number"),
    [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("2", 2), ("3", 3), ("4", 3), ("999999999999999999999", 3), ("1e9", 1), ("２", 2)],
)
def test_page_numbers_out_of_range_or_junk_give_a_real_page(client, page, expected_number):
    for _ in range(5):
        FundingCallFactory()
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number


def test_clean_page_number():
    assert clean_page_number(None, 10) == 1
    assert clean_page_number("7", 5) == 5
    assert clean_page_number("7", 0) == 1
    assert clean_page_number("9" * 5000, 3) == 3


def test_an_empty_result_suggests_removing_each_active_filter(client):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    FundingCallFactory(categories=[rpl], is_global=False, eligible_regions=["americas"])
    response = client.get(LIST, {"category": "rpl-certification", "region": "africa", "q": "apprenticeship"})
    html = response.content.decode()
    assert "No call matches all these filters" in html
    links = set(re.findall(r'<li><a href="([^"]+)" data-funds-nav>Remove', html))
    assert links == {
        "/funds/?region=africa&amp;q=apprenticeship",
        "/funds/?category=rpl-certification&amp;q=apprenticeship",
        "/funds/?category=rpl-certification&amp;region=africa",
    }


def test_removing_one_of_several_categories_keeps_the_others(client):
    SkillCategoryFactory(slug="rpl-certification")
    SkillCategoryFactory(slug="work-based-learning")
    response = client.get(LIST + "?category=rpl-certification&category=work-based-learning")
    urls = {chip["url"] for chip in response.context["chips"]}
    assert urls == {"/funds/?category=work-based-learning", "/funds/?category=rpl-certification"}


def test_the_results_fragment_is_rendered_alone_for_script_requests(client):
    FundingCallFactory(title="Apprenticeship fund")
    for headers in ({"X-Requested-With": "fetch"}, {"HX-Request": "true"}, {"X-Requested-With": "XMLHttpRequest"}):
        response = client.get(LIST, headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert "<form role=\"search\"" not in html
        assert 'id="call-results"' in html
        assert "Apprenticeship fund" in html
        assert "HX-Request" in response["Vary"]


def test_the_full_page_contains_the_same_fragment(client):
    FundingCallFactory(title="Apprenticeship fund")
    html = client.get(LIST).content.decode()
    assert "<html" in html and 'id="call-results"' in html


def test_a_fragment_with_bad_filters_carries_the_error_and_a_400(client):
    response = client.get(LIST, {"amount_min": "abc"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_export_and_feed_links_carry_the_filters(client):
    FundingCallFactory()
    html = client.get(LIST, {"region": "africa", "page": 1}).content.decode()
    assert 'href="/funds/export.xlsx?region=africa"' in html
    assert 'href="/funds/export.csv?region=africa"' in html
    assert 'href="/funds/deadlines.ics?region=africa"' in html
    assert 'href="/funds/feed/?region=africa"' in html
    assert "webcal://testserver/funds/deadlines.ics?region=africa" in html


def test_dismissed_calls_are_hidden_from_their_user_only_unless_asked(client):
    user = UserFactory()
    kept = FundingCallFactory(title="Kept")
    hidden = FundingCallFactory(title="Hidden")
    CallDismissalFactory(user=user, call=hidden)
    assert set(result_titles(client.get(LIST))) == {"Kept", "Hidden"}
    client.force_login(user)
    assert result_titles(client.get(LIST)) == ["Kept"]
    html = client.get(LIST, {"show_dismissed": "1"}).content.decode()
    assert "Hidden" in html and "Show again" in html
    assert kept.title in html


def test_signed_in_users_get_save_and_hide_buttons(client):
    user = UserFactory()
    FundingCallFactory(title="Apprenticeship fund")
    assert "Not relevant" not in client.get(LIST).content.decode()
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert 'name="action" value="add"' in html
    assert 'name="action" value="dismiss"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_title_mentions_the_search(client):
    html = client.get(LIST, {"q": "apprenticeship"}).content.decode()
    assert "<title>Funding calls matching “apprenticeship”" in html


@override_settings(PORTAL_PAGE_SIZE=1)
def test_a_very_large_selection_warns_that_exports_are_capped(client, monkeypatch):
    from funds import selectors

    monkeypatch.setattr(selectors, "EXPORT_MAX_ROWS", 2)
    for _ in range(3):
        FundingCallFactory()
    html = client.get(LIST).content.decode()
    assert "the export will hold the first 2" in html


@override_settings(PORTAL_PAGE_SIZE=2)
def test_pages_in_the_default_order_follow_the_full_order_across_lifecycle_groups(client):
    # Pages inside the head (open calls with a deadline ahead) are read in index order;
    # later pages by the general sort. Together they must give exactly the full order.
    now = timezone.now()
    same_day = now + timedelta(days=9)
    FundingCallFactory(title="Open A", deadline=now + timedelta(days=3))
    FundingCallFactory(title="Open B (tie)", deadline=same_day)
    FundingCallFactory(title="Open C (tie)", deadline=same_day)
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    FundingCallFactory(title="Rolling, old date", deadline=now - timedelta(days=5), is_rolling=True)
    FundingCallFactory(title="Upcoming", opens_on=(now + timedelta(days=2)).date(), deadline=now + timedelta(days=40))
    FundingCallFactory(title="Closed recently", deadline=now - timedelta(days=1))
    FundingCallFactory(title="Closed long ago", deadline=now - timedelta(days=300))
    expected = [c.title for c in call_search(data={}).queryset]
    seen = []
    for page in range(1, 5):
        seen += result_titles(client.get(LIST, {"page": page}))
    assert seen == expected
    assert expected[:3] == ["Open A", "Open B (tie)", "Open C (tie)"]
    assert expected[-2:] == ["Closed recently", "Closed long ago"]


def test_a_country_filter_shows_a_chip_with_the_country_name(client):
    FundingCallFactory(title="Worldwide call")
    response = client.get(LIST + "?country=KE")
    assert response.status_code == 200  # was a TypeError: the country choices are a callable
    assert any(chip["value"] == "Kenya" for chip in response.context["chips"])


def test_an_invalid_filter_re_renders_the_page_with_the_error_next_to_the_field_and_a_400(client):
    FundingCallFactory(title="Apprenticeship fund", amount_usd=50_000)
    response = client.get(LIST, {"amount_min": "abc", "region": "africa"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html and 'id="call-results"' in html  # the whole page, not a bare message
    assert "Some filters could not be used" in html
    # Next to its field (components/form_field.html), not only in the summary.
    start = html.index("field--error")
    end = html.find('<div class="field ', start)
    assert "Enter a number" in html[start : end if end > 0 else None]

"""The list page costs the same number of queries whatever the page size or the number
of results: categories, languages, category counts, COUNT(*), the page's ids, the
page's rows, their categories (+ session and user when signed in)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from funds.search import update_search_vectors
from tests.factories.funds import CallBookmarkFactory, CallDismissalFactory, FundingCallFactory
from tests.factories.members import LanguageFactory, SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_BUDGET = 7
SIGNED_IN_BUDGET = 9
FILTERS = "?q=skills&category=rpl-certification&region=africa&language=fr&status=open&sort=amount"


def make_calls(n: int):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    wbl = SkillCategoryFactory(slug="work-based-learning")
    fr = LanguageFactory(code="fr", name_en="French")
    for _ in range(n):
        FundingCallFactory(categories=[rpl, wbl], languages=[fr])
    update_search_vectors()


def count_queries(client, url: str, headers=None) -> int:
    cache.clear()  # the worst case: category counts not cached yet
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/funds/", "/funds/" + FILTERS, "/funds/?page=2", "/funds/?sort=newest"])
def test_anonymous_list_query_count_does_not_depend_on_the_number_of_calls(client, url):
    make_calls(12)  # page 2 exists with 5 per page, and later with 60 per page
    with override_settings(PORTAL_PAGE_SIZE=5):
        few = count_queries(client, url)
    FundingCallFactory.create_batch(55, categories=[SkillCategoryFactory(slug="rpl-certification")])
    update_search_vectors()
    with override_settings(PORTAL_PAGE_SIZE=60):
        many = count_queries(client, url)
    assert few == many
    assert many <= ANONYMOUS_BUDGET


def test_page_size_5_and_60_cost_the_same_with_django_assert_max_num_queries(client, django_assert_max_num_queries):
    make_calls(60)
    for size in (5, 60):
        cache.clear()
        with override_settings(PORTAL_PAGE_SIZE=size), django_assert_max_num_queries(ANONYMOUS_BUDGET):
            response = client.get("/funds/" + FILTERS)
        assert response.status_code == 200


def test_signed_in_list_query_count_is_constant_too(client, django_assert_max_num_queries):
    make_calls(60)
    user = UserFactory()
    from funds.models import FundingCall

    for call in FundingCall.objects.all()[:10]:
        CallBookmarkFactory(user=user, call=call)
    for call in FundingCall.objects.all()[10:20]:
        CallDismissalFactory(user=user, call=call)
    client.force_login(user)
    for size in (5, 60):
        cache.clear()
        with override_settings(PORTAL_PAGE_SIZE=size), django_assert_max_num_queries(SIGNED_IN_BUDGET):
            assert client.get("/funds/" + FILTERS).status_code == 200
        with override_settings(PORTAL_PAGE_SIZE=size), django_assert_max_num_queries(SIGNED_IN_BUDGET):
            assert client.get("/funds/?show_dismissed=1").status_code == 200


def test_a_page_past_the_end_costs_no_extra_query(client):
    make_calls(3)
    assert count_queries(client, "/funds/?page=50") == count_queries(client, "/funds/")


def test_the_fragment_costs_no_more_than_the_page(client):
    make_calls(20)
    full = count_queries(client, "/funds/" + FILTERS)
    fragment = count_queries(client, "/funds/" + FILTERS, headers={"X-Requested-With": "fetch"})
    assert fragment <= full


def test_my_calls_query_count_is_constant(client, django_assert_max_num_queries):
    make_calls(30)
    user = UserFactory()
    from funds.models import FundingCall

    client.force_login(user)
    for calls in (FundingCall.objects.all()[:2], FundingCall.objects.all()[2:30]):
        for call in calls:
            CallBookmarkFactory(user=user, call=call)
        with django_assert_max_num_queries(6):
            assert client.get("/funds/mine/").status_code == 200


def test_feed_and_calendar_query_counts_are_constant(client, django_assert_max_num_queries):
    make_calls(40)
    for url in ("/funds/feed/", "/funds/feed/atom/", "/funds/deadlines.ics"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_category_counts_are_cached_briefly_per_selection_and_per_user(client):
    make_calls(10)
    first = count_queries(client, "/funds/?region=africa")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/funds/?region=africa&category=rpl-certification&status=open")
    assert len(ctx.captured_queries) == first - 1  # same selection apart from category/status
    user = UserFactory()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/funds/?region=africa")
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert any("skillcategory_id" in sql and "COUNT(" in sql for sql in sqls)  # not the visitor's counts


@override_settings(FUNDS_FACET_CACHE_SECONDS=0)
def test_category_counts_can_be_left_uncached(client):
    make_calls(3)
    first = count_queries(client, "/funds/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/funds/")
    assert len(ctx.captured_queries) == first


@override_settings(FUNDS_FACET_CACHE_SECONDS=0)
def test_the_list_is_rendered_per_request_and_the_fragment_is_the_pages_results(client):
    """No results cache: a call published a moment ago is listed on the next visit, and a
    repeat visit costs the same queries as the first (category counts left uncached)."""
    make_calls(3)
    first = count_queries(client, "/funds/?region=africa")
    FundingCallFactory(title="Published a moment ago")
    assert "Published a moment ago" in client.get("/funds/").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/funds/?region=africa")
    assert len(ctx.captured_queries) == first
    fragment = client.get("/funds/?region=africa", headers={"X-Requested-With": "fetch"})
    assert fragment.status_code == 200
    assert fragment.content.decode().strip() in again.content.decode()
    assert "<html" not in fragment.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["/funds/?q=skills", "/funds/" + FILTERS, "/funds/?q=skills&page=3&sort=newest"])
def test_a_text_search_costs_four_queries_whatever_the_page_size(client, url):
    """Categories, languages, one statement for the category counts, the size and the
    page's ids, and the page's rows (their categories come with the statement)."""
    make_calls(12)
    for size in (5, 60):
        with override_settings(PORTAL_PAGE_SIZE=size):
            assert count_queries(client, url) == 4


@pytest.mark.parametrize(
    ("url", "signed_in", "expected"),
    [
        ("/funds/?region=africa&status=open", False, 7),
        ("/funds/?q=skills&region=africa&status=open", False, 4),  # the one-statement text page
        ("/funds/?region=africa&status=open", True, 9),
        ("/funds/?q=skills&region=africa&status=open", True, 6),
        ("/funds/?show_dismissed=1&category=rpl-certification", True, 9),
    ],
)
def test_the_list_costs_exactly_what_it_did_before_the_criteria_moved_to_the_queryset(client, url, signed_in, expected):
    make_calls(6)
    if signed_in:
        client.force_login(UserFactory())
    assert count_queries(client, url) == expected


def test_a_list_with_invalid_filters_costs_no_more_than_with_valid_ones(client):
    make_calls(6)
    valid = count_queries(client, "/funds/?amount_min=10")
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/funds/?amount_min=abc")
    assert response.status_code == 400
    assert len(ctx.captured_queries) == valid

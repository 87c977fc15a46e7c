"""The home page as a newcomer meets it: funding first (a search box, calls closing soon and
new this week), categories leading to their calls and their members, the network's
services (linked as soon as their app is there) and a wall of member logos."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from network_portal import home
from network_portal import urls as portal_urls
from tests.factories.funds import FundingCallFactory
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_hero_offers_a_search_box_for_funding_calls(client):
    html = client.get("/").content.decode()

    assert '<form class="hero-search" role="search" method="get" action="/funds/">' in html
    assert '<label class="hero-search__label" for="hero-search-q">Search funding calls</label>' in html
    assert 'name="q" id="hero-search-q"' in html


def test_the_home_page_lists_calls_closing_soon_soonest_first(client):
    now = timezone.now()
    later = FundingCallFactory(title="Apprenticeship Challenge", deadline=now + timedelta(days=20))
    sooner = FundingCallFactory(title="Green Skills Fund", deadline=now + timedelta(days=3))
    FundingCallFactory(title="Far Away Programme", deadline=now + timedelta(days=90))
    FundingCallFactory(title="Already Closed Grant", deadline=now - timedelta(days=1))

    html = client.get("/").content.decode()
    closing = html[html.index('id="closing-title"') : html.index('id="new-title"')]

    assert closing.index(sooner.title) < closing.index(later.title)
    assert "Far Away Programme" not in closing
    assert "Already Closed Grant" not in html
    assert 'href="/funds/?closing_within=30"' in closing


def test_the_home_page_lists_calls_published_this_week_newest_first(client):
    now = timezone.now()
    FundingCallFactory(title="Older Call", published_at=now - timedelta(days=20))
    first = FundingCallFactory(title="Monday Call", published_at=now - timedelta(days=3))
    second = FundingCallFactory(title="Thursday Call", published_at=now - timedelta(hours=2))

    html = client.get("/").content.decode()
    new = html[html.index('id="new-title"') :]

    assert new.index(second.title) < new.index(first.title)
    assert "Older Call" not in new
    assert 'href="/funds/?added_within=7&amp;sort=newest"' in new


def test_the_home_page_says_so_when_no_call_closes_soon_or_is_new(client):
    html = client.get("/").content.decode()

    assert "No open call closes in the next 30 days." in html
    assert "No call was added this week." in html


def test_the_home_page_query_count_does_not_grow_with_calls_or_logos(client, django_assert_num_queries):
    now = timezone.now()
    FundingCallFactory(deadline=now + timedelta(days=5))
    OrganizationFactory(logo="logos/demo.png")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    cache.clear()
    FundingCallFactory.create_batch(8, deadline=now + timedelta(days=4))
    OrganizationFactory.create_batch(12, logo="logos/demo.png")

    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")


def test_a_cached_home_page_reads_no_call(client, django_assert_num_queries):
    FundingCallFactory(deadline=timezone.now() + timedelta(days=5))
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")

    call_queries = [q for q in second.captured_queries if "funds_fundingcall" in q["sql"]]
    assert call_queries == []
    assert len(second.captured_queries) == len(first.captured_queries) - 2


def test_each_category_card_leads_to_its_calls_and_to_its_members(client):
    html = client.get("/").content.decode()

    assert 'href="/funds/?category=work-based-learning"' in html
    assert 'href="/members/?category=work-based-learning"' in html
    assert html.count("/funds/?category=") == html.count("/members/?category=") == 9


def _card(html, key):
    card = html[html.index(f'card--{key}"') :]
    return card[: card.index("</li>")]


def test_the_services_that_have_landed_link_their_pages(client):
    html = client.get("/").content.decode()

    coaching = _card(html, "coaching")
    assert 'href="/coaching/"' in coaching
    assert "See coaching sessions" in coaching
    assert "Coming soon" not in coaching
    assert 'href="/recognition/network-members/"' in _card(html, "recognition")
    assert 'href="/peer-exchange/"' in _card(html, "peer-exchange")
    assert [s.key for s in home.NETWORK_SERVICES if s.url is None] == []


# The portal's URLs plus a peer-exchange list page, as the day peer exchange lands.
peer_patterns = [path("", lambda request: None, name="session-list")]
urlpatterns = [
    *portal_urls.urlpatterns,
    path("peer-exchange/", include((peer_patterns, "peer_exchange"))),
]


def test_a_service_card_links_its_page_once_the_url_name_reverses(client, settings):
    settings.ROOT_URLCONF = __name__

    html = client.get("/").content.decode()

    peer = _card(html, "peer-exchange")
    assert 'href="/peer-exchange/"' in peer
    assert "Join a peer session" in peer
    assert "Coming soon" not in peer
    assert [s.key for s in home.NETWORK_SERVICES if s.url is None] == []


@pytest.mark.parametrize(("logos", "shown"), [(14, 12), (11, 6), (6, 6), (4, 4)])
def test_the_logo_wall_shows_as_many_logos_as_fill_its_rows(client, logos, shown):
    OrganizationFactory.create_batch(logos, logo="logos/demo.png")

    html = client.get("/").content.decode()

    assert html.count('class="logo-wall__item"') == shown

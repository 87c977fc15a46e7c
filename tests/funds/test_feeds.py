"""RSS and Atom feeds of the catalogue, honouring the list's filters."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # our own feed, not untrusted input
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.funds import CallDismissalFactory, FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - the portal's own output


@pytest.fixture
def calls():
    rpl = SkillCategoryFactory(slug="rpl-certification")
    now = timezone.now()
    FundingCallFactory(title="Older Africa call", slug="older", is_global=False, eligible_regions=["africa"],
                       categories=[rpl], published_at=now - timedelta(days=5))
    FundingCallFactory(title="Newer Africa call", slug="newer", is_global=False, eligible_regions=["africa"],
                       published_at=now - timedelta(days=1))
    FundingCallFactory(title="Americas call", slug="americas", is_global=False, eligible_regions=["americas"])
    FundingCallFactory(title="Draft call", status="draft")


def test_rss_parses_and_lists_published_calls_newest_first(client, calls):
    response = client.get("/funds/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse(response.content)
    channel = root.find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    # Newest publication first; drafts never appear.
    assert titles == ["Americas call", "Newer Africa call", "Older Africa call"]
    item = channel.find("item")
    assert item.findtext("link").startswith("http://testserver/funds/")
    assert "Deadline:" in item.findtext("description")


def test_rss_honours_the_filters(client, calls):
    root = parse(client.get("/funds/feed/?region=africa").content)
    titles = [item.findtext("title") for item in root.find("channel").findall("item")]
    assert titles == ["Newer Africa call", "Older Africa call"]
    assert root.find("channel").findtext("link") == "http://testserver/funds/?region=africa"
    root = parse(client.get("/funds/feed/?category=rpl-certification").content)
    assert [i.findtext("title") for i in root.find("channel").findall("item")] == ["Older Africa call"]


def test_atom_parses_at_its_own_url_and_with_format_atom(client, calls):
    for url in ("/funds/feed/atom/?region=africa", "/funds/feed/?format=atom&region=africa"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = parse(response.content)
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer Africa call", "Older Africa call"]
        assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/funds/newer/"
        assert entries[0].findtext(f"{ATOM}updated")
        self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"][0]
        assert self_link.get("href") == "http://testserver/funds/feed/atom/?region=africa"


def test_feed_categories_are_the_skills_categories(client, calls):
    root = parse(client.get("/funds/feed/?category=rpl-certification").content)
    item = root.find("channel").find("item")
    assert [c.text for c in item.findall("category")] == ["RPL and certification"]


def test_feeds_ignore_the_visitors_dismissals(client, calls):
    from funds.models import FundingCall

    user = UserFactory()
    CallDismissalFactory(user=user, call=FundingCall.objects.get(slug="newer"))
    client.force_login(user)
    root = parse(client.get("/funds/feed/?region=africa").content)
    assert len(root.find("channel").findall("item")) == 2


@pytest.mark.parametrize("query", ["amount_min=abc", "category=nope", "q=" + "x" * 300, "status=maybe"])
def test_bad_filters_give_a_400_with_a_message(client, query):
    for url in ("/funds/feed/", "/funds/feed/atom/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert "Some filters could not be used" in response.content.decode()

"""Hostile or broken query strings never cause a 500: a normal page with a form error,
or a 400 with a message."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.factories.funds import FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "amount_min=abc",
    "amount_min=1e400",
    "amount_min=-1",
    "amount_max=NaN",
    "amount_min=100&amount_max=1",
    "amount_min=" + "9" * 500,
    "category=unknown-category",
    "category=" + quote("rpl-certification' OR 1=1 --"),
    "category=",
    "region=mars",
    "country=ZZ",
    "country=" + quote("K\u0000E"),
    "instrument=bribe",
    "funder_type=" + "x" * 5000,
    "applicant_type=%25",
    "language=xx",
    "status=maybe",
    "closing_within=-3",
    "closing_within=99999999999999999999",
    "added_within=1000",
    "rolling=maybe",
    "sort=" + quote("title; DROP TABLE funds_fundingcall"),
    "sort=-pk",
    "page=-1",
    "page=0",
    "page=99999999999999999999999999",
    "page=" + "9" * 10000,
    "page=abc",
    "page=1.5",
    "q=" + quote("'; DROP TABLE funds_fundingcall; --"),
    "q=" + quote("\" OR \"\"=\""),
    "q=" + quote("a & | ! ( ) : * <-> \\"),
    "q=" + quote("x" * 10_000),
    "q=" + quote("apprentice\u0000ship"),
    "q=" + quote("%_%"),
    "q=" + quote("<script>alert(1)</script>"),
    "q=%ED%A0%80",  # a lone surrogate, as UTF-8 bytes
    "q=%FF%FE",
    "q[]=x&q[]=y",
    "q=a&q=b",
    "show_dismissed=" + quote("1' OR '1'='1"),
    "format=" + quote("../../etc/passwd"),
    "%00=%00",
]


@pytest.fixture(autouse=True)
def _calls():
    rpl = SkillCategoryFactory(slug="rpl-certification")
    FundingCallFactory(categories=[rpl])


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize(
    "path", ["/funds/", "/funds/export.xlsx", "/funds/export.csv", "/funds/feed/", "/funds/feed/atom/", "/funds/deadlines.ics"]
)
def test_hostile_query_strings_never_cause_a_server_error(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400 and path == "/funds/":
        assert b"Some filters could not be used" in response.content


@pytest.mark.parametrize("query", HOSTILE[:12])
def test_hostile_query_strings_in_fragment_requests(client, query):
    response = client.get(f"/funds/?{query}", headers={"X-Requested-With": "fetch"})
    assert response.status_code in (200, 400)
    assert b"<html" not in response.content


def test_a_bad_amount_keeps_the_other_filters_and_explains(client):
    response = client.get("/funds/?amount_min=abc&region=africa")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "Enter a number." in html
    assert 'href="#id_amount_min"' in html
    assert response.context["search"].active_filters() == {"region": "africa"}


def test_an_unknown_category_explains(client):
    response = client.get("/funds/?category=nope")
    assert response.status_code == 400
    assert "Select a valid choice. nope is not one of the available choices." in response.content.decode()


@pytest.mark.parametrize("slug", ["..%2F..%2Fetc", "a" * 400, "%00", "x'--", "<script>"])
def test_odd_slugs_are_404s(client, slug):
    for suffix in ("", "calendar.ics"):
        response = client.get(f"/funds/{slug}/{suffix}")
        assert response.status_code == 404


@pytest.mark.parametrize("next_url", ["", "javascript:alert(1)", "//evil", "\u0000", "x" * 5000])
@pytest.mark.parametrize("action", ["add", "remove", "", "<script>", "x" * 1000])
def test_bookmark_posts_with_odd_values_never_fail(client, next_url, action):
    from funds.models import FundingCall

    client.force_login(UserFactory())
    call = FundingCall.objects.get()
    response = client.post(f"/funds/{call.slug}/bookmark/", {"action": action, "next": next_url})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith("//")


def test_wrong_methods_are_405(client):
    assert client.post("/funds/").status_code == 405
    assert client.post("/funds/export.xlsx").status_code == 405
    assert client.delete("/funds/feed/").status_code == 405

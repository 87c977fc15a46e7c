"""A call's own page: everything about it, safely rendered, with what to do next."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from funds.choices import ApplicantType
from funds.templatetags.funds_tags import render_markdown
from tests.factories.funds import CallRoundFactory, FunderFactory, FundingCallFactory
from tests.factories.members import (
    LanguageFactory,
    SkillCategoryFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_published_call_shows_its_facts(client):
    fr = LanguageFactory(code="fr", name_en="French")
    rpl = SkillCategoryFactory(slug="rpl-certification")
    verified = timezone.now() - timedelta(days=3)
    call = FundingCallFactory(
        title="Youth apprenticeship challenge",
        funder=FunderFactory(name="Fondation Emploi"),
        is_global=False,
        eligible_regions=["africa"],
        eligible_countries=["PE"],
        applicant_types=[ApplicantType.NGO, ApplicantType.SME],
        languages=[fr],
        categories=[rpl],
        cofinancing_required=True,
        cofinancing_rate=20,
        amount_min=10_000,
        amount_max=50_000,
        currency="EUR",
        amount_usd=54_000,
        last_verified_at=verified,
        tags="youth, apprenticeship",
        contact="calls@example.org",
    )
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"call-title\">Youth apprenticeship challenge</h1>" in html
    for text in (
        "Fondation Emploi",
        "Africa",
        "Peru",
        "NGO / CSO",
        "SME / start-up",
        "French",
        "Required: 20% of the budget",
        "10,000 – 50,000 EUR",
        "about 54,000 USD",
        "Information checked on",
        verified.strftime("%-d %B %Y"),
        "Last updated",
        "apprenticeship",
        "RPL and certification",
        "days",
        'href="mailto:calls@example.org"',
    ):
        assert text in html, text


def test_the_description_is_rendered_from_markdown_and_sanitised(client):
    call = FundingCallFactory(
        description=(
            "# Big heading\n\n## About\n\nSome **bold** text and [a link](https://example.org/x).\n\n"
            "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[bad](javascript:alert(1))\n\n<a href=\"https://e.org\" onclick=\"x()\">raw</a>"
        )
    )
    html = client.get(call.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org/x" rel="nofollow noopener">a link</a>' in html
    assert "<script>alert" not in html
    assert "onerror" not in html and "onclick" not in html
    # A link to a javascript: URL is not a link at all: its Markdown stays visible as text.
    assert 'href="javascript:' not in html
    assert "[bad](javascript:alert(1))" in html
    assert "<h3>Big heading</h3>" in html  # description headings sit under the page's h2
    assert "<h1>Big heading" not in html


def test_render_markdown_allowlist():
    out = render_markdown("<iframe src=x></iframe><table><tr><td>1</td></tr></table>| a |\n|---|\n| b |")
    assert "<iframe" not in out
    assert "<table>" in out


def test_related_calls_share_a_category_are_open_and_at_most_four(client, django_assert_max_num_queries):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    other = SkillCategoryFactory(slug="skills-data")
    call = FundingCallFactory(categories=[rpl])
    related = [FundingCallFactory(title=f"Related {i}", categories=[rpl]) for i in range(5)]
    FundingCallFactory(title="Closed relative", categories=[rpl], deadline=timezone.now() - timedelta(days=1))
    FundingCallFactory(title="Unrelated", categories=[other])
    FundingCallFactory(title="Draft relative", categories=[rpl], status="draft")
    from funds.selectors import call_related

    with django_assert_max_num_queries(1):
        shown = call_related(call=call)
    assert len(shown) == 4
    assert {c.title for c in shown} <= {c.title for c in related}
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Related open calls" in html
    assert "Closed relative" not in html and "Unrelated" not in html and "Draft relative" not in html


def test_share_links_are_plain_links(client):
    call = FundingCallFactory(slug="youth-fund")
    html = client.get(call.get_absolute_url()).content.decode()
    assert "mailto:?subject=Funding%20call" in html
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Ftestserver%2Ffunds%2Fyouth-fund%2F" in html
    assert "https://x.com/intent/post?" in html
    assert "<script src=\"http" not in html


def test_calendar_and_report_links(client):
    call = FundingCallFactory(slug="youth-fund")
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'href="/funds/youth-fund/calendar.ics"' in html
    assert 'href="/funds/youth-fund/report/"' in html


def test_rolling_calls_have_no_calendar_link(client):
    call = FundingCallFactory(slug="rolling", deadline=None, is_rolling=True)
    html = client.get(call.get_absolute_url()).content.decode()
    assert "calendar.ics" not in html
    assert "Rolling" in html


def test_rounds_are_listed(client):
    call = FundingCallFactory()
    CallRoundFactory(call=call, name="First round")
    html = client.get(call.get_absolute_url()).content.decode()
    assert "First round" in html


@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "archived"])
def test_unpublished_calls_are_404_for_visitors_and_members(client, state):
    call = FundingCallFactory(status=state)
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(call.get_absolute_url()).status_code == 404


def test_staff_see_unpublished_calls_with_a_preview_banner(client, login_with_mfa):
    call = FundingCallFactory(status="pending", title="Waiting for review")
    login_with_mfa(client, StaffUserFactory())
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview" in html and "Only staff can see this page" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_published_calls_have_no_preview_banner_even_for_staff(client, login_with_mfa):
    call = FundingCallFactory()
    login_with_mfa(client, StaffUserFactory())
    assert "Only staff can see this page" not in client.get(call.get_absolute_url()).content.decode()


def test_unknown_slug_is_404(client):
    assert client.get("/funds/no-such-call/").status_code == 404


def test_anonymous_visitors_are_invited_to_sign_in_to_save(client):
    call = FundingCallFactory()
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Sign in to save this call" in html
    assert "call-bookmark" not in html


def test_signed_in_users_can_save_and_hide_from_the_page(client):
    call = FundingCallFactory(slug="youth-fund")
    client.force_login(UserFactory())
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'action="/funds/youth-fund/bookmark/"' in html
    assert 'action="/funds/youth-fund/dismiss/"' in html
    assert "Save to My calls" in html


def test_detail_page_query_count_is_bounded(client, django_assert_max_num_queries):
    rpl = SkillCategoryFactory(slug="rpl-certification")
    call = FundingCallFactory(categories=[rpl])
    for _ in range(6):
        FundingCallFactory(categories=[rpl])
    with django_assert_max_num_queries(9):
        assert client.get(call.get_absolute_url()).status_code == 200

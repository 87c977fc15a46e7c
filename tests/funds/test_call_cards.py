"""What a call's card in the list shows (funds/components/call_card.html, the one card
template): title linked to the call, funder, type and amount, the deadline in the call's
time zone, the lifecycle badge, regions and categories, escaped; and, for signed-in
users only, the save / hide buttons in their current state."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.funds import CallBookmarkFactory, CallDismissalFactory, FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def card(html: str, call) -> str:
    match = re.search(rf'<article class="funds-card[^"]*" aria-labelledby="call-{call.pk}-title">(.*?)</article>', html, re.S)
    assert match, f"no card for call {call.pk}"
    return match.group(1)


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def rpl_call():
    rpl = SkillCategoryFactory(slug="rpl-escaping", name_en="RPL & <certification>")
    deadline = datetime(2099, 3, 31, 10, 59, tzinfo=UTC)  # 23:59 in Auckland (daylight time)
    return FundingCallFactory(
        title="Fund for <apprentices> & trainers",
        funder__name="Fondation Métiers",
        amount_usd=250_000,
        deadline=deadline,
        deadline_timezone="Pacific/Auckland",
        is_global=False,
        eligible_regions=["africa"],
        categories=[rpl],
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_card_shows_the_call(client, rpl_call, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    html = squeezed(card(client.get("/funds/").content.decode(), rpl_call))

    assert f'<h3 id="call-{rpl_call.pk}-title"><a href="{rpl_call.get_absolute_url()}">Fund for &lt;apprentices&gt; &amp; trainers</a></h3>' in html
    assert '<span class="funds-badge funds-badge-open">Open</span>' in html
    assert "<span>Fondation Métiers</span>" in html
    assert "<span>Project grant</span>" in html
    assert "up to about 250,000 USD" in html
    assert '<time datetime="2099-03-31T10:59:00+00:00">March 31, 2099, 23:59</time>' in html
    assert '<abbr title="the call’s time zone">Pacific/Auckland</abbr>' in html
    days = round((rpl_call.deadline - timezone.now()) / timedelta(days=1))
    assert f"· {days} days left" in html
    assert "<li>Africa</li>" in html and "Worldwide" not in html
    assert '<li class="funds-tag-category">RPL &amp; &lt;certification&gt;</li>' in html
    assert ("Not relevant — hide" in html) is signed_in
    assert ('name="action" value="add"' in html) is signed_in


def test_a_rolling_worldwide_call_says_so(client):
    call = FundingCallFactory(is_rolling=True, deadline=None, amount_usd=None)
    html = card(client.get("/funds/").content.decode(), call)
    assert '<span class="funds-deadline">Rolling: apply any time</span>' in html
    assert "<li>Worldwide</li>" in html
    assert "up to about" not in html


def test_a_call_closing_today_says_the_hours_left(client):
    call = FundingCallFactory(deadline=timezone.now() + timedelta(hours=3))
    html = card(client.get("/funds/").content.decode(), call)
    assert "· 2 hours left" in html
    assert '<span class="funds-badge funds-badge-closing_soon">Closing soon</span>' in html


def test_a_signed_in_users_card_shows_its_saved_and_hidden_state(client):
    user = UserFactory()
    saved = FundingCallFactory(title="Saved one")
    hidden = FundingCallFactory(title="Hidden one")
    CallBookmarkFactory(user=user, call=saved)
    CallDismissalFactory(user=user, call=hidden)
    client.force_login(user)
    html = client.get("/funds/", {"show_dismissed": "1"}).content.decode()

    saved_card = card(html, saved)
    assert 'aria-pressed="true"' in saved_card and 'name="action" value="remove"' in saved_card
    assert 'name="next" value="/funds/?show_dismissed=1"' in saved_card
    assert f'<article class="funds-card funds-card-dismissed" aria-labelledby="call-{hidden.pk}-title">' in html
    assert "Show again" in card(html, hidden)


def test_the_same_card_is_used_on_my_calls(client):
    user = UserFactory()
    saved = FundingCallFactory(title="Saved one")
    CallBookmarkFactory(user=user, call=saved)
    client.force_login(user)
    html = client.get(reverse("funds:my-calls")).content.decode()
    assert f'<a href="{saved.get_absolute_url()}">Saved one</a>' in card(html, saved)

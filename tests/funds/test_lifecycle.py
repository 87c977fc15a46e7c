"""The lifecycle people see is derived from the dates at query time: around deadlines,
in the call's own time zone, and in the list's order (open first)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from funds.choices import Lifecycle
from funds.selectors import call_search
from tests.factories.funds import FundingCallFactory

pytestmark = pytest.mark.django_db

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
UTC = zoneinfo.ZoneInfo("UTC")


def lifecycle_of(call, **data) -> str:
    return call_search(data=data).queryset.get(pk=call.pk).lifecycle


def test_a_deadline_at_2359_in_auckland_closes_half_a_day_before_2359_utc():
    # 31 March 2027 23:59 NZDT (UTC+13) is 31 March 10:59 UTC.
    deadline = datetime(2027, 3, 31, 23, 59, tzinfo=AUCKLAND)
    call = FundingCallFactory(deadline=deadline, deadline_timezone="Pacific/Auckland")
    same_day_utc = FundingCallFactory(deadline=datetime(2027, 3, 31, 23, 59, tzinfo=UTC), deadline_timezone="UTC")

    with time_machine.travel(datetime(2027, 3, 31, 10, 58, tzinfo=UTC), tick=False):
        assert lifecycle_of(call) == Lifecycle.CLOSING_SOON
        assert call.lifecycle_at() == Lifecycle.CLOSING_SOON
    with time_machine.travel(datetime(2027, 3, 31, 11, 0, tzinfo=UTC), tick=False):
        assert lifecycle_of(call) == Lifecycle.CLOSED
        assert lifecycle_of(same_day_utc) == Lifecycle.CLOSING_SOON
        assert {c.pk for c in call_search(data={"status": "closed"}).queryset} == {call.pk}
        assert {c.pk for c in call_search(data={"status": "open"}).queryset} == {same_day_utc.pk}


def test_the_deadline_is_shown_in_the_calls_time_zone_and_in_utc(client):
    call = FundingCallFactory(
        deadline=datetime(2027, 3, 31, 23, 59, tzinfo=AUCKLAND), deadline_timezone="Pacific/Auckland"
    )
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert "Wednesday 31 March 2027, 23:59" in html
    assert "In UTC" in html
    assert "Wednesday 31 March 2027, 10:59" in html
    assert 'datetime="2027-03-31T10:59:00+00:00"' in html


def test_a_signed_in_user_sees_the_deadline_in_their_own_time_zone(client):
    from tests.factories.members import MemberProfileFactory

    profile = MemberProfileFactory(time_zone="America/Bogota")
    call = FundingCallFactory(
        deadline=datetime(2027, 3, 31, 23, 59, tzinfo=AUCKLAND), deadline_timezone="Pacific/Auckland"
    )
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        client.force_login(profile.user)  # inside the travel, so the session has not expired
        html = client.get(call.get_absolute_url()).content.decode()
    assert "In your time zone (America/Bogota)" in html
    assert "Wednesday 31 March 2027, 05:59" in html  # UTC-5


def test_upcoming_then_open_then_closing_soon_then_closed():
    start = timezone.now()
    call = FundingCallFactory(opens_on=(start + timedelta(days=5)).date(), deadline=start + timedelta(days=40))
    assert lifecycle_of(call) == Lifecycle.UPCOMING
    with time_machine.travel(start + timedelta(days=6), tick=False):
        assert lifecycle_of(call) == Lifecycle.OPEN
    with time_machine.travel(start + timedelta(days=30), tick=False):
        assert lifecycle_of(call) == Lifecycle.CLOSING_SOON
    with time_machine.travel(start + timedelta(days=41), tick=False):
        assert lifecycle_of(call) == Lifecycle.CLOSED


def test_rolling_calls_are_always_open():
    call = FundingCallFactory(deadline=None, is_rolling=True)
    assert lifecycle_of(call) == Lifecycle.OPEN
    assert call.days_left is None


def test_open_calls_come_first_soonest_deadline_first_then_upcoming_then_most_recently_closed():
    now = timezone.now()
    FundingCallFactory(title="Closed long ago", deadline=now - timedelta(days=100))
    FundingCallFactory(title="Closed yesterday", deadline=now - timedelta(days=1))
    FundingCallFactory(title="Open, later", deadline=now + timedelta(days=90))
    FundingCallFactory(title="Open, soon", deadline=now + timedelta(days=2))
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    FundingCallFactory(title="Upcoming", opens_on=(now + timedelta(days=3)).date(), deadline=now + timedelta(days=30))
    order = [c.title for c in call_search(data={}).queryset]
    assert order == ["Open, soon", "Open, later", "Rolling", "Upcoming", "Closed yesterday", "Closed long ago"]


def test_lifecycle_badges_carry_text(client):
    FundingCallFactory(title="Soon", deadline=timezone.now() + timedelta(days=2))
    FundingCallFactory(title="Gone", deadline=timezone.now() - timedelta(days=2))
    html = client.get("/funds/").content.decode()
    assert 'class="funds-badge funds-badge-closing_soon">Closing soon<' in html
    assert 'class="funds-badge funds-badge-closed">Closed<' in html

"""iCalendar: the deadlines subscription (honouring filters) and one .ics per call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from tests.factories.funds import CallRoundFactory, FundingCallFactory

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return cal, list(cal.walk("VEVENT"))


def test_the_deadlines_calendar_has_one_event_per_deadline_with_required_properties(client):
    deadline = datetime(2030, 3, 31, 10, 59, tzinfo=UTC)
    call = FundingCallFactory(title="Youth fund", slug="youth-fund", deadline=deadline, deadline_timezone="Pacific/Auckland")
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    FundingCallFactory(title="Draft", status="draft")
    cal, evs = events(client.get("/funds/deadlines.ics"))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"]) == "Funding deadlines — Skills Innovation Network"
    assert len(evs) == 1
    event = evs[0]
    assert str(event["UID"]) == f"call-{call.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == deadline
    assert event.decoded("DTSTAMP")
    assert str(event["SUMMARY"]) == "Deadline: Youth fund"
    assert str(event["URL"]) == "http://testserver/funds/youth-fund/"
    assert "2030-03-31 23:59 (Pacific/Auckland)" in str(event["DESCRIPTION"])
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_uids_and_content_are_stable_across_requests(client):
    FundingCallFactory()
    FundingCallFactory()
    first = client.get("/funds/deadlines.ics").content
    second = client.get("/funds/deadlines.ics").content
    assert first == second
    uids = [str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == 2


def test_the_deadlines_calendar_honours_filters(client):
    FundingCallFactory(title="Africa", is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Americas", is_global=False, eligible_regions=["americas"])
    cal, evs = events(client.get("/funds/deadlines.ics?region=africa"))
    assert [str(e["SUMMARY"]) for e in evs] == ["Deadline: Africa"]
    assert "(filtered)" in str(cal["X-WR-CALNAME"])


def test_long_closed_calls_leave_the_subscription(client):
    now = timezone.now()
    FundingCallFactory(title="Closed last week", deadline=now - timedelta(days=7))
    FundingCallFactory(title="Closed last year", deadline=now - timedelta(days=365))
    _, evs = events(client.get("/funds/deadlines.ics"))
    assert [str(e["SUMMARY"]) for e in evs] == ["Deadline: Closed last week"]


def test_calls_with_rounds_get_one_event_per_round(client):
    call = FundingCallFactory(title="Two rounds")
    first = CallRoundFactory(call=call, name="Round 1", deadline=timezone.now() + timedelta(days=10))
    CallRoundFactory(call=call, name="Round 2", deadline=call.deadline)
    _, evs = events(client.get("/funds/deadlines.ics"))
    assert [str(e["SUMMARY"]) for e in evs] == ["Deadline (Round 1): Two rounds", "Deadline (Round 2): Two rounds"]
    assert str(evs[0]["UID"]) == f"call-{call.pk}-round-{first.pk}@127.0.0.1"


def test_a_calls_own_calendar_file_has_reminders(client):
    call = FundingCallFactory(slug="youth-fund", title="Youth fund")
    response = client.get("/funds/youth-fund/calendar.ics")
    cal, evs = events(response)
    assert response["Content-Disposition"] == 'attachment; filename="youth-fund.ics"'
    assert len(evs) == 1
    assert str(evs[0]["UID"]) == f"call-{call.pk}@127.0.0.1"
    alarms = list(evs[0].walk("VALARM"))
    assert [a.decoded("TRIGGER") for a in alarms] == [timedelta(days=-7), timedelta(days=-1)]
    assert str(cal["X-WR-CALNAME"]) == "Youth fund"


def test_a_call_calendar_for_unpublished_or_unknown_calls_is_404(client):
    FundingCallFactory(slug="draft", status="draft")
    assert client.get("/funds/draft/calendar.ics").status_code == 404
    assert client.get("/funds/nope/calendar.ics").status_code == 404


def test_dtstamp_is_the_last_change_not_the_request_time(client):
    call = FundingCallFactory()
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        _, evs = events(client.get(f"/funds/{call.slug}/calendar.ics"))
    assert abs(evs[0].decoded("DTSTAMP") - call.updated_at) < timedelta(seconds=1)


def test_bad_filters_give_a_400(client):
    response = client.get("/funds/deadlines.ics?amount_max=lots")
    assert response.status_code == 400
    assert "Amount at most" in response.content.decode()

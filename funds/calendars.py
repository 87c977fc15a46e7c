"""iCalendar (RFC 5545) for call deadlines: a subscription of the selection's deadlines
(/funds/deadlines.ics?…filters) and one file per call (/funds/<slug>/calendar.ics).

One VEVENT per deadline: a call's own deadline, or one per round when it has rounds.
UIDs are stable (call-<pk>@<domain>, call-<pk>-round-<pk>@<domain>) and DTSTAMP is the
call's last change, so a calendar app that re-reads the subscription updates events in
place instead of duplicating them. Times are written in UTC; apps show them locally.

Text is written as RFC 5545 TEXT values: icalendar escapes backslashes, commas,
semicolons and newlines and folds lines at 75 octets; control characters, which TEXT
may not contain, are removed here first (rows saved before core.text cleaned
input may still hold them). One-line values (names, titles) lose their line breaks too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vText

from core.text import multi_line, single_line

from .models import FundingCall

PRODID = "-//Skills Innovation Network//Funding call deadlines//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _deadlines(call: FundingCall) -> list[tuple[str, str, object]]:
    """(uid suffix, label, deadline) for each deadline of the call."""
    rounds = list(call.rounds.all())  # prefetched by the selectors
    if rounds:
        return [(f"-round-{r.pk}", single_line(r.name), r.deadline) for r in rounds if r.deadline]
    if call.deadline and not call.is_rolling:
        return [("", "", call.deadline)]
    return []


def _event(call: FundingCall, *, suffix: str, round_name: str, deadline, domain: str, url: str, alarms: bool) -> Event:
    event = Event()
    event.add("uid", f"call-{call.pk}{suffix}@{domain}")
    event.add("dtstamp", (call.updated_at or call.created_at).astimezone(UTC))
    event.add("dtstart", deadline.astimezone(UTC))
    title = single_line(call.title)
    if round_name:
        summary = _("Deadline (%(round)s): %(title)s") % {"round": round_name, "title": title}
    else:
        summary = _("Deadline: %(title)s") % {"title": title}
    event.add("summary", summary)
    local = deadline.astimezone(call.deadline_local.tzinfo) if call.deadline_local else deadline
    description = "\n\n".join(
        part
        for part in (
            _("%(funder)s. Deadline %(when)s (%(tz)s).")
            % {"funder": single_line(call.funder.name), "when": local.strftime("%Y-%m-%d %H:%M"), "tz": call.deadline_timezone},
            multi_line(call.summary).strip(),
            url,
        )
        if part
    )
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CONFIRMED")
    # A deadline is a reminder, not a meeting: it must not mark anyone as busy.
    event.add("transp", "TRANSPARENT")
    if alarms:
        for days in (7, 1):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-days))
            alarm.add("description", summary)
            event.add_component(alarm)
    return event


def calls_calendar(
    calls: Iterable[FundingCall],
    *,
    name: str,
    domain: str,
    absolute_url: Callable[[FundingCall], str],
    alarms: bool = False,
    language: str | None = None,
) -> bytes:
    """The deadlines of `calls` as an .ics document (bytes, UTF-8, CRLF line endings)."""
    with translation.override(language or translation.get_language()):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        # An X- property is written as given unless it is typed: vText escapes it.
        cal.add("x-wr-calname", vText(single_line(name)))
        cal.add("x-wr-timezone", "UTC")
        # Subscribed calendars refresh every few hours (clients that honour the hint).
        cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT6H")
        for call in calls:
            url = absolute_url(call)
            for suffix, round_name, deadline in _deadlines(call):
                cal.add_component(
                    _event(call, suffix=suffix, round_name=round_name, deadline=deadline, domain=domain, url=url, alarms=alarms)
                )
        return cal.to_ical()

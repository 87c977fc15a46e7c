"""iCalendar (RFC 5545) for sessions: one person's invitation and their private feed.

An invitation (METHOD:REQUEST) carries a UID stable per session and person
(`session-<pk>-user-<pk>@<domain>`) and a SEQUENCE the services bump on each change, so
a calendar app updates the event in place; METHOD:CANCEL with the same UID removes it.
The meeting link goes only into a confirmed person's invitation, never into the feed
(a feed address may be shared by mistake; the page behind the sign-in shows the link).
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.utils import translation
from icalendar import Calendar, Event, vCalAddress, vText

from core.text import multi_line, single_line

PRODID = "-//Skills Innovation Network//Sessions//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _event(registration, *, url: str, cancelled: bool, with_link: bool) -> Event:
    session = registration.session
    event = Event()
    event.add("uid", registration.calendar_uid(calendar_domain()))
    event.add("sequence", registration.calendar_sequence)
    event.add("dtstamp", registration.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", vText(single_line(session.title)))
    place = session.venue if session.venue else ""
    if with_link and session.meeting_url:
        place = f"{place} — {session.meeting_url}" if place else session.meeting_url
    if place:
        event.add("location", vText(single_line(place)))
    description = "\n\n".join(p for p in (multi_line(session.description).strip()[:1500], url) if p)
    event.add("description", vText(description))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.user.email}")
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    return event


def invitation(registration, *, url: str, method: str = "REQUEST") -> str:
    """The .ics (text, CRLF) of one person's seat: METHOD:REQUEST or METHOD:CANCEL."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cancelled = method == "CANCEL"
    cal.add_component(
        _event(
            registration,
            url=url,
            cancelled=cancelled,
            with_link=not cancelled and registration.status == "confirmed",
        )
    )
    return cal.to_ical().decode()


def invitation_attachment(registration, *, url: str, method: str = "REQUEST") -> dict[str, str]:
    return {
        "filename": "invite.ics" if method == "REQUEST" else "cancel.ics",
        "content_type": f"text/calendar; method={method}; charset=utf-8",
        "content": invitation(registration, url=url, method=method),
    }


def feed(registrations, *, name: str, absolute_url, language: str | None = None) -> bytes:
    """A person's sessions (confirmed and cancelled ones) as a subscribable calendar."""
    with translation.override(language or translation.get_language()):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", vText(single_line(name)))
        for registration in registrations:
            cancelled = (
                registration.status != "confirmed" or registration.session.status == "cancelled"
            )
            cal.add_component(
                _event(
                    registration,
                    url=absolute_url(registration.session),
                    cancelled=cancelled,
                    with_link=False,
                )
            )
        return cal.to_ical()

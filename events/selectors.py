"""The engine's reads. Other apps (courses, badges) use the two at the bottom as their
evidence of who attended and who hosted: documented in events/README.md."""

from __future__ import annotations

from django.db.models import Avg, Count, Prefetch, QuerySet
from django.urls import reverse

from .models import CalendarFeed, Registration, Session
from .offers import offer_token, read_offer_token
from .permissions import may_see_meeting_link
from .services.registration import waitlist_position


def registration_for_offer(token: str) -> tuple[Registration | None, int]:
    """The registration a signed offer link names, and its offer number; (None, 0) for
    a forged or damaged link."""
    found = read_offer_token(token)
    if found is None:
        return None, 0
    registration = (
        Registration.objects.select_related("session", "user").filter(pk=found[0]).first()
    )
    return registration, found[1]


def registration_of(*, session: Session, user) -> Registration | None:
    """The person's live registration (or their latest one) for the session."""
    if not user.is_authenticated:
        return None
    rows = list(
        Registration.objects.filter(session=session, user=user).order_by("-created_at", "-pk")[:5]
    )
    live = [r for r in rows if r.is_live]
    return live[0] if live else (rows[0] if rows else None)


def viewer_state(*, session: Session, user) -> dict:
    """What a session page shows about the viewer, for events/_register_button.html:
    registration (live or None), position, show_link, seats_left, full, open, offer_url.
    `session` must come from `Session.objects.with_counts()` (no count query here)."""
    registration = registration_of(session=session, user=user)
    live = registration if registration is not None and registration.is_live else None
    held = session.confirmed_count + session.offered_count
    offer_url = ""
    if live is not None and live.status == Registration.Status.OFFERED:
        offer_url = reverse("events:offer", kwargs={"token": offer_token(live)})
    return {
        "registration": live,
        "position": waitlist_position(live) if live else None,
        "show_link": may_see_meeting_link(user, session, live),
        "seats_left": None if session.capacity is None else max(session.capacity - held, 0),
        "full": session.capacity is not None
        and (held >= session.capacity or session.waiting_count > 0),
        "open": session.registration_is_open(),
        "offer_url": offer_url,
    }


def check_in_list(*, session: Session) -> QuerySet[Registration]:
    return (
        session.registrations.confirmed()
        .select_related("user", "user__profile")
        .order_by("user__email")
    )


def feedback_summary(*, session: Session) -> dict:
    return Registration.objects.filter(session=session, feedback__isnull=False).aggregate(
        average=Avg("feedback__rating"), count=Count("feedback")
    )


def calendar_feed_of(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_registrations(*, token: str) -> tuple[CalendarFeed | None, list[Registration]]:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        return None, []
    rows = (
        Registration.objects.filter(user=feed.user, status__in=["confirmed", "cancelled"])
        .select_related("session", "user")
        .order_by("session__starts_at")
    )
    # One event per session: the latest registration wins (a cancel then a new seat).
    latest: dict[int, Registration] = {}
    for row in rows.order_by("session__starts_at", "created_at"):
        latest[row.session_id] = row
    return feed, list(latest.values())


# --- Evidence for other apps (courses count attendance, badges use it) -----------------


def sessions_attended(*, user, app: str | None = None) -> QuerySet[Session]:
    """Sessions `user` was marked as attending, oldest first (optionally one app's)."""
    sessions = Session.objects.filter(
        registrations__user=user, registrations__attendance="attended"
    ).distinct()
    return sessions.filter(app=app) if app else sessions


def sessions_hosted(*, user, app: str | None = None, held_only: bool = True) -> QuerySet[Session]:
    """Sessions `user` hosted (by default only published ones that have taken place)."""
    sessions = Session.objects.filter(hosts=user)
    if held_only:
        sessions = sessions.published().past()
    return sessions.filter(app=app) if app else sessions


def registrations_of(*, user) -> QuerySet[Registration]:
    """A person's registrations with their sessions, for "my sessions" pages."""
    return (
        Registration.objects.filter(user=user)
        .select_related("session", "session__language")
        .prefetch_related(Prefetch("session__categories"))
        .order_by("session__starts_at")
    )

"""Reads for the coaching pages, their joins decided once (constant query counts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.mail import user_time_zone
from events import selectors as event_selectors
from events.models import Registration, Session
from taxonomy.models import SkillCategory

from .filters import SessionFilter
from .models import SessionCall

APP = "coaching"


def _for_cards(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("language")
        .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.all()))
        .with_counts()
    )


def coaching_sessions(user) -> QuerySet[Session]:
    return Session.objects.of_app(APP).visible_to(user)


def session_filterset(*, user, filters) -> SessionFilter:
    queryset = _for_cards(coaching_sessions(user).upcoming()).order_by("starts_at", "pk")
    return SessionFilter(filters or None, queryset=queryset)


def filtered(filterset) -> QuerySet:
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def past_sessions_with_recordings(*, user, limit: int = 6) -> list[Session]:
    """For members: recent sessions whose recording is online."""
    if not (user.is_authenticated and user.is_network_member):
        return []
    return list(
        _for_cards(coaching_sessions(user).published().past().exclude(recording_url="")).order_by(
            "-starts_at"
        )[:limit]
    )


def session_get(*, user, pk: int) -> Session | None:
    return (
        coaching_sessions(user)
        .select_related("language")
        .prefetch_related(
            "categories",
            "materials",
            "hosts__profile",
            Prefetch("coaching_calls", queryset=SessionCall.objects.select_related("call")),
        )
        .with_counts()
        .filter(pk=pk)
        .first()
    )


def session_page(*, session: Session, user) -> dict:
    """Everything the session page shows about the viewer, in a fixed number of queries."""
    return {
        **event_selectors.viewer_state(session=session, user=user),
        "calls": [link.call for link in session.coaching_calls.all()],
        "is_host": user.is_authenticated and any(h.pk == user.pk for h in session.hosts.all()),
        "viewer_tz": viewer_time_zone(user),
    }


def viewer_time_zone(user):
    """The viewer's time zone (their profile's), None for visitors (the site's zone)."""
    return user_time_zone(user) if user.is_authenticated else None


def sessions_for_call(*, call) -> list[Session]:
    """Upcoming published coaching sessions linked to a funding call."""
    return list(
        Session.objects.of_app(APP)
        .published()
        .upcoming()
        .filter(coaching_calls__call=call)
        .order_by("starts_at")[:5]
    )


def my_registrations(*, user) -> list[Registration]:
    rows = event_selectors.registrations_of(user=user).filter(session__app=APP)
    return list(rows.filter(session__ends_at__gte=timezone.now() - timedelta(days=90)))

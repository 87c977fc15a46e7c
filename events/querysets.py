"""The engine's query vocabulary: which sessions, which registrations, how many seats."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


def audience_allows(audience: str, user) -> bool:
    """May `user` take a seat in a session open to `audience`? Staff always may.

    Membership and network role are read from the person's profile by attribute
    (members.User.is_network_member, MemberProfile.network_role)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or audience in ("signed_in", "approval"):
        return True
    if audience == "members":
        return bool(getattr(user, "is_network_member", False))
    if audience == "core_group":
        profile = getattr(user, "profile", None)
        return (
            bool(getattr(user, "is_network_member", False))
            and getattr(profile, "network_role", "") == "core"
        )
    return False


class SessionQuerySet(models.QuerySet):
    def of_app(self, app: str):
        return self.filter(app=app)

    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Published and cancelled sessions for everyone; drafts for staff only."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.exclude(status="draft")

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def hosted_by(self, user):
        return self.filter(hosts=user)

    def with_counts(self):
        """Annotate confirmed, offered, waiting, requested and attended counts (one query)."""
        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed")),
            offered_count=Count("registrations", filter=Q(registrations__status="offered")),
            waiting_count=Count("registrations", filter=Q(registrations__status="waitlisted")),
            requested_count=Count("registrations", filter=Q(registrations__status="requested")),
            attended_count=Count("registrations", filter=Q(registrations__attendance="attended")),
        )


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=["requested", "confirmed", "waitlisted", "offered"])

    def holding_seat(self):
        """Confirmed seats and seats offered to a waiter (until the offer is settled)."""
        return self.filter(status__in=["confirmed", "offered"])

    def confirmed(self):
        return self.filter(status="confirmed")

    def waiting(self):
        """The waiting list in its strict order."""
        return self.filter(status="waitlisted").order_by("queue_number", "pk")

    def attended(self):
        return self.filter(attendance="attended")

    def offers_lapsed(self, now=None):
        return self.filter(status="offered", offer_expires_at__lte=now or timezone.now())

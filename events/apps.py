from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for sessions and registrations (core.audit.registry).
AUDIT_ACTIONS = {
    "events.session.created": _("session created"),
    "events.session.published": _("session published"),
    "events.session.updated": _("session updated"),
    "events.session.cancelled": _("session cancelled"),
    "events.session.capacity_changed": _("session capacity changed"),
    "events.session.messaged": _("registrants messaged"),
    "events.registration.registered": _("registered"),
    "events.registration.requested": _("asked for a seat"),
    "events.registration.approved": _("request approved"),
    "events.registration.refused": _("request refused"),
    "events.registration.waitlisted": _("joined the waiting list"),
    "events.registration.offered": _("offered a seat"),
    "events.registration.promoted": _("promoted from the waiting list"),
    "events.registration.declined": _("declined an offer"),
    "events.registration.expired": _("offer expired"),
    "events.registration.cancelled": _("registration cancelled"),
    "events.registration.moved": _("moved on the waiting list"),
    "events.registration.attended": _("attendance recorded"),
    "events.registration.feedback": _("feedback given"),
}


class EventsConfig(AppConfig):
    """The session engine shared by coaching/ and peer_exchange/ (see events/README.md).

    Label "events": "sessions" belongs to django.contrib.sessions."""

    name = "events"
    label = "events"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("events", AUDIT_ACTIONS)

"""The engine's emails, all through core.mail (outbox, recipient's language, unique keys).

Called by the services inside their transaction: a rolled-back registration sends
nothing, and each key (registration, offer number, calendar sequence …) sends once.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.mail import send_to_user, user_language

from .calendar import invitation_attachment
from .offers import offer_token


def session_url(session, language: str) -> str:
    with translation.override(language):
        path = session.get_absolute_url()
    return settings.SITE_URL + path if path else settings.SITE_URL


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(registration, template: str, key: str, *, ics: str | None = None, **extra):
    user = registration.user
    language = user_language(user)
    url = session_url(registration.session, language)
    attachments = [invitation_attachment(registration, url=url, method=ics)] if ics else None
    context = {
        "registration": registration,
        "session": registration.session,
        "session_url": url,
        "show_link": registration.status == "confirmed",
        **extra,
    }
    return send_to_user(
        user=user,
        template=f"events/emails/{template}",
        context=context,
        key=key,
        attachments=attachments,
    )


def confirmed(registration):
    return _send(
        registration,
        "confirmed",
        f"events:confirmed:{registration.pk}:{registration.calendar_sequence}",
        ics="REQUEST",
    )


def requested(registration):
    return _send(registration, "requested", f"events:requested:{registration.pk}")


def refused(registration):
    return _send(registration, "refused", f"events:refused:{registration.pk}")


def waitlisted(registration, position: int):
    return _send(
        registration, "waitlisted", f"events:waitlisted:{registration.pk}", position=position
    )


def offered(registration):
    language = user_language(registration.user)
    token = offer_token(registration)
    return _send(
        registration,
        "offered",
        f"events:offer:{registration.pk}:{registration.offer_number}",
        offer_url=_url("events:offer", language, token=token),
    )


def registration_cancelled(registration, *, had_seat: bool):
    return _send(
        registration,
        "cancelled",
        f"events:cancelled:{registration.pk}",
        ics="CANCEL" if had_seat else None,
    )


def session_cancelled(registration, *, had_seat: bool):
    return _send(
        registration,
        "session_cancelled",
        f"events:session-cancelled:{registration.session_id}:{registration.pk}",
        ics="CANCEL" if had_seat else None,
    )


def session_updated(registration):
    return _send(
        registration,
        "updated",
        f"events:updated:{registration.pk}:{registration.calendar_sequence}",
        ics="REQUEST",
    )


def reminder_key(registration, *, minutes: int) -> str:
    return (
        f"events:reminder:{registration.pk}:{minutes}:{registration.session.starts_at.isoformat()}"
    )


def reminder(registration, *, minutes: int):
    return _send(
        registration, "reminder", reminder_key(registration, minutes=minutes), minutes=minutes
    )


def follow_up(registration, *, feedback: bool):
    language = user_language(registration.user)
    feedback_url = _url("events:feedback", language, pk=registration.pk) if feedback else ""
    return _send(
        registration, "follow_up", f"events:follow-up:{registration.pk}", feedback_url=feedback_url
    )


def message(registration, *, subject: str, body: str, key: str):
    return _send(registration, "message", key, subject=subject, body=body)

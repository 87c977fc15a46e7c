"""Thin scheduled tasks (beat, network_portal/celery.py); each service is idempotent."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def offers_expire() -> int:
    """Lapse offers past their time and pass the seats on; a second run does nothing."""
    return services.offers_expire()


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def reminders_send() -> int:
    """Send the reminders that fell due; each (person, reminder, start time) once."""
    return services.reminders_send()


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def follow_ups_send() -> int:
    """Send recordings, materials and the feedback form once per ended session."""
    return services.follow_ups_send()

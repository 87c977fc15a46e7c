"""Thin beat tasks named after the services they call (each idempotent)."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def series_generate() -> int:
    return services.series_generate()


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def host_reminders_send() -> int:
    return services.host_reminders_send()


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def hostless_alerts_send() -> int:
    return services.hostless_alerts_send()

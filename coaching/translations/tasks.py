"""Thin scheduled task (beat, network_portal/celery.py); the service is idempotent."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def offers_expire() -> dict:
    """Lapse unanswered offers and pass the requests on; a second run does nothing."""
    return services.offers_expire()

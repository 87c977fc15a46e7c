"""Thin scheduled task (beat, network_portal/celery.py); the service is idempotent."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def completions_sweep() -> int:
    """Record the completions whose last session was just marked attended; a second run
    records nothing."""
    return services.completions_sweep()

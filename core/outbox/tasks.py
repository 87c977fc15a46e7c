"""Thin Celery tasks for the outbox: each passes ids and calls the service of its name.

Callers import them as `email_send_task` etc. All three are idempotent (see services),
hence `acks_late`: a task lost with its worker is delivered again rather than dropped.
Only transient database errors are retried here; delivery errors are recorded on the row
and retried by `email_send_due` on the row's own backoff. Time limits come from settings
(CELERY_TASK_SOFT_TIME_LIMIT / CELERY_TASK_TIME_LIMIT).
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from core.tasks import RETRY_TRANSIENT as _RETRY

from . import services


@shared_task(acks_late=True, **_RETRY)
def email_send(email_id: int) -> None:
    """Send one outbox row if it is still due; a sent or missing row is a no-op."""
    services.email_send(email_id=email_id)


@shared_task(acks_late=True, **_RETRY)
def email_send_due() -> int:
    """Beat, every minute: send all due rows (lost enqueues, retries, swept rows)."""
    return services.email_send_due()


@shared_task(acks_late=True, **_RETRY)
def email_requeue_stuck(older_than_seconds: float | None = None) -> int:
    """Beat, every 5 minutes: give rows a dead worker left in "sending" back to the queue."""
    if older_than_seconds is None:
        return services.email_requeue_stuck()
    return services.email_requeue_stuck(older_than=timedelta(seconds=older_than_seconds))

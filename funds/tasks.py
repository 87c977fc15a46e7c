"""Thin Celery tasks of funds (the alerts have their own, in funds.alerts.tasks)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from .services import imports


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def call_import_run(import_id: int) -> None:
    """Run a queued spreadsheet import; one already done (or gone) is a no-op."""
    imports.call_import_run(import_id=import_id)

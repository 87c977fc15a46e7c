"""Thin Celery tasks of the network map (the work is in members.network.services)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def network_refresh(force: bool = False) -> dict[str, bool]:
    """Recompute the map where its data changed (every few minutes), or all of it
    (`force`, nightly). Idempotent: an unchanged signature is a no-op."""
    return services.network_refresh(force=force)

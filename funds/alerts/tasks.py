"""Thin Celery tasks for alerts and reminders: each calls the service of its name.

All of them run from the beat schedule (network_portal/celery.py) and recompute what is
due from the database, so nothing waits in the broker and a lost run is made up by the
next one. All are idempotent (see services), hence `acks_late`. Only transient database
errors are retried here. Time limits come from settings.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(acks_late=True, **_RETRY)
def alerts_match_new_calls() -> dict:
    """Beat, every minute (and optionally on publish, after commit): match newly
    announced calls against every alert, then email the instant alerts."""
    run = services.alerts_match_new_calls()
    sent = services.alert_send_instant()
    return {"calls": run.calls, "matches": run.matches, "instant_emails": sent}


@shared_task(acks_late=True, **_RETRY)
def alert_send_instant() -> int:
    return services.alert_send_instant()


@shared_task(acks_late=True, **_RETRY)
def alert_send_digests() -> int:
    """Beat, hourly: daily and weekly digests for people whose local morning it is."""
    return services.alert_send_digests()


@shared_task(acks_late=True, **_RETRY)
def bookmark_send_deadline_reminders() -> int:
    """Beat, hourly: deadline reminders for bookmarked calls."""
    return services.bookmark_send_deadline_reminders()


@shared_task(acks_late=True, **_RETRY)
def bookmark_send_change_notices() -> int:
    """Beat, every 5 minutes: tell people when a call they bookmarked changes."""
    return services.bookmark_send_change_notices()


@shared_task(acks_late=True, **_RETRY)
def alerts_prune_inbox() -> int:
    """Beat, daily: forget what the matcher found more than 30 days ago."""
    return services.alerts_prune_inbox()

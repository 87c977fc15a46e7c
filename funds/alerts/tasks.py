"""Thin Celery tasks for alerts and reminders: each calls the service of its name.

All of them run from the beat schedule (network_portal/celery.py) and recompute what is
due from the database, so nothing waits in the broker and a lost run is made up by the
next one. All are idempotent (see services), hence `acks_late`. Only transient database
errors are retried here. Time limits come from settings.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task

from core.tasks import RETRY_TRANSIENT as _RETRY
from core.tasks import task_deadline as _deadline

from . import services

logger = logging.getLogger(__name__)

@shared_task(acks_late=True, **_RETRY)
def alerts_match_new_calls() -> dict:
    """Beat, every minute: match newly announced calls against every alert, then email
    the instant alerts. What does not fit in the time budget waits for the next minute."""
    deadline = _deadline()
    run = services.alerts_match_new_calls(deadline=deadline)
    sent = services.alert_send_instant(deadline=deadline)
    return {"calls": run.calls, "matches": run.matches, "instant_emails": sent}


@shared_task(acks_late=True, **_RETRY)
def alert_send_instant() -> int:
    return services.alert_send_instant(deadline=_deadline())


@shared_task(bind=True, acks_late=True, **_RETRY)
def alert_send_digests(self) -> int:
    """Beat, hourly: daily and weekly digests for people whose local morning it is. When
    the time budget runs out with digests left, it queues itself again at once (not in
    an hour); if that message is lost, the next hourly run still sends them."""
    deadline = _deadline()
    sent = services.alert_send_digests(deadline=deadline)
    if time.monotonic() >= deadline:
        try:
            self.apply_async()
        except Exception as exc:  # the broker is down: the next hourly run sends the rest
            logger.warning("alerts: could not queue the rest of the digests (%s)", exc)
    return sent


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

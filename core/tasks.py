"""The retry policy and time budget every Celery task of the portal shares.

    @shared_task(acks_late=True, **RETRY_TRANSIENT)

Only transient database errors are retried, with exponential backoff (1 s, 2 s, 4 s …
capped at 5 minutes, with jitter), five times at most. `acks_late` belongs only on
idempotent tasks (the service re-checks state), so a task lost with its worker is
delivered again rather than dropped. Time limits come from settings
(CELERY_TASK_SOFT_TIME_LIMIT / CELERY_TASK_TIME_LIMIT).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

TRANSIENT_ERRORS = (OperationalError, InterfaceError)

RETRY_TRANSIENT = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


def task_deadline() -> float:
    """When a long job stops of its own accord (a `time.monotonic()` value): well before
    the soft time limit, so it ends between two transactions rather than in one."""
    budget = max(settings.CELERY_TASK_SOFT_TIME_LIMIT - 30, 10)
    return time.monotonic() + budget

"""Running the matcher: newly announced calls, a batch per transaction (see matching.py)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from funds.models import FundingCall

from ..matching import ChunkMatches, iter_matches
from ..models import AlertInbox, CallAnnouncement

__all__ = ["MatchRun", "alerts_match_new_calls", "alerts_prune_inbox", "announcements_due"]

logger = logging.getLogger(__name__)

# Calls per transaction: bounds the matcher's memory (a mask per call and chunk of
# alerts) and the transaction; each alert gets at most one AlertInbox row per batch.
MATCH_BATCH_SIZE = 1000
INBOX_INSERT_BATCH = 2000  # rows per INSERT where the portable bulk_create is used
# Inbox rows older than this are deleted by the daily housekeeping: their calls were
# sent or dropped long ago (a weekly digest takes at most 7 days); what was emailed stays
# in AlertDelivery.
INBOX_KEEP = timedelta(days=30)
# Announcements older than this are not news any more: a matcher that was down for weeks
# does not flood people with old calls when it comes back.
MAX_ANNOUNCEMENT_AGE = timedelta(days=14)
_MATCH_LOCK_ID = 0x616C657274  # "alert": one matcher at a time (PostgreSQL advisory lock)


@dataclass
class MatchRun:
    calls: int = 0
    matches: int = 0
    batches: int = 0
    skipped_locked: bool = False


def announcements_due(*, now: datetime, limit: int) -> list[tuple[int, datetime]]:
    """(call id, announced_at) of published, still open or upcoming calls whose latest
    announcement has not been matched yet, oldest first."""
    matched = CallAnnouncement.objects.filter(call_id=OuterRef("pk"), announced_at=OuterRef("announced_at"))
    return list(
        FundingCall.objects.published()
        .filter(announced_at__isnull=False, announced_at__gte=now - MAX_ANNOUNCEMENT_AGE, announced_at__lte=now)
        .not_closed(now)
        .exclude(Exists(matched))
        .order_by("announced_at", "pk")
        .values_list("pk", "announced_at")[:limit]
    )


_INBOX_SQL = f"""
INSERT INTO {AlertInbox._meta.db_table} (alert_id, call_ids, state, found_at)
SELECT alert_id, call_ids::jsonb, %(state)s, %(now)s
FROM unnest(%(alert_ids)s::bigint[], %(call_ids)s::text[]) AS t(alert_id, call_ids)
"""  # noqa: S608 (table name from the model; values are parameters)


def _store_inbox(chunk: ChunkMatches, *, now: datetime) -> None:
    """One AlertInbox row per alert of the chunk: on PostgreSQL a single INSERT of two
    arrays (no model instances: tens of thousands of rows per chunk)."""
    if not chunk.alert_ids:
        return
    if connection.vendor == "postgresql":
        texts = ["[" + ",".join(map(str, calls.tolist())) + "]" for calls in chunk.calls]
        with connection.cursor() as cursor:
            cursor.execute(
                _INBOX_SQL,
                {"state": AlertInbox.State.PENDING, "now": now, "alert_ids": chunk.alert_ids, "call_ids": texts},
            )
        return
    AlertInbox.objects.bulk_create(
        [AlertInbox(alert_id=alert_id, call_ids=calls.tolist(), found_at=now)
         for alert_id, calls in zip(chunk.alert_ids, chunk.calls, strict=True)],
        batch_size=INBOX_INSERT_BATCH,
    )


def _take_match_lock() -> bool:
    """One matcher at a time on PostgreSQL; released when the transaction ends."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_MATCH_LOCK_ID])
        return bool(cursor.fetchone()[0])


def alerts_match_new_calls(*, now: datetime | None = None, batch_size: int = MATCH_BATCH_SIZE,
                           max_batches: int | None = None, deadline: float | None = None) -> MatchRun:
    """Match every newly announced call against every active alert, a batch of calls per
    transaction (a few queries per batch, none per alert), and put what each alert
    matched in its inbox. Idempotent: an announcement is matched once (CallAnnouncement,
    written in the same transaction); a call is emailed to an alert at most once
    (AlertDelivery, checked by the senders). Returns what was done; a run that finds
    another one busy returns at once; with a `deadline` (time.monotonic()), a run stops
    between batches once it has passed."""
    now = now or timezone.now()
    run = MatchRun()
    while max_batches is None or run.batches < max_batches:
        with transaction.atomic():
            if not _take_match_lock():
                run.skipped_locked = True
                break
            due = announcements_due(now=now, limit=batch_size)
            if not due:
                break
            per_call: dict[int, int] = {}
            for chunk in iter_matches([pk for pk, _when in due]):
                _store_inbox(chunk, now=now)
                for call_id, count in chunk.per_call.items():
                    per_call[call_id] = per_call.get(call_id, 0) + count
            CallAnnouncement.objects.bulk_create(
                [CallAnnouncement(call_id=pk, announced_at=when, matched_at=now, matches=per_call.get(pk, 0))
                 for pk, when in due],
                ignore_conflicts=True,
            )
        run.batches += 1
        run.calls += len(due)
        run.matches += sum(per_call.values())
        if len(due) < batch_size or (deadline is not None and time.monotonic() >= deadline):
            break
    if run.calls:
        logger.info("alerts: matched %s calls in %s batches, %s new matches", run.calls, run.batches, run.matches)
    return run


def alerts_prune_inbox(*, now: datetime | None = None, keep: timedelta = INBOX_KEEP) -> int:
    """Daily: delete inbox rows found more than `keep` ago (sent, dropped, or waiting for
    an alert whose owner can no longer receive email). Returns the number deleted."""
    now = now or timezone.now()
    deleted, _by_model = AlertInbox.objects.filter(found_at__lt=now - keep).delete()
    return deleted

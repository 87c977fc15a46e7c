"""Emails about bookmarked calls: deadline reminders, and notices when a call changes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit.models import AuditEntry
from funds.choices import EditorialStatus
from funds.models import CallBookmark, FundingCall

from .. import emails
from ..models import REMINDER_OFFSET_CHOICES, DeadlineReminder, NotificationProgress
from ..selectors import preferences_for

__all__ = [
    "bookmark_send_change_notices",
    "bookmark_send_deadline_reminders",
    "change_kind",
    "reminder_due_offset",
]

# The change-history scan re-reads this much before its watermark, so a revision whose
# transaction committed late is still seen (the outbox keys make re-reading harmless).
CHANGE_SCAN_OVERLAP = timedelta(minutes=15)
CHANGE_PROGRESS = "bookmark-changes"
# The call history rows that can move a deadline or take a call off the map.
CHANGE_ACTIONS = (
    "funds.call.updated",
    "funds.call.reopened",
    "funds.call.rejected",
    "funds.call.archived",
    "funds.call.status_changed",
)
REMINDER_HORIZON_DAYS = max(int(v) for v, _label in REMINDER_OFFSET_CHOICES)


def reminder_due_offset(*, bookmark: CallBookmark, offsets: list[int], now: datetime) -> int | None:
    """The reminder to send now for a bookmark: the smallest chosen offset whose moment
    has come (and came after the call was bookmarked), or None."""
    deadline = bookmark.call.deadline
    if deadline is None or deadline <= now:
        return None
    due = [
        d for d in offsets
        if deadline - timedelta(days=d) <= now and bookmark.created_at <= deadline - timedelta(days=d)
    ]
    return min(due) if due else None


def bookmark_send_deadline_reminders(*, now: datetime | None = None) -> int:
    """Hourly: remind people of the deadlines of calls they bookmarked, at the offsets
    they chose (default 14, 3 and 1 days before). Each (bookmark, offset, deadline) is
    sent once (DeadlineReminder); a moved deadline gets reminders of its own. Returns
    the number of reminders queued."""
    now = now or timezone.now()
    bookmarks = (
        CallBookmark.objects.filter(
            call__status=EditorialStatus.PUBLISHED,
            call__is_rolling=False,
            call__deadline__gt=now,
            call__deadline__lte=now + timedelta(days=REMINDER_HORIZON_DAYS),
            user__is_active=True,
        )
        .exclude(user__notification_preferences__reminders_enabled=False)
        .select_related("user", "user__profile", "user__notification_preferences", "call", "call__funder")
        .order_by("pk")
    )
    sent = 0
    chunk: list[CallBookmark] = []
    for bookmark in bookmarks.iterator(chunk_size=500):
        chunk.append(bookmark)
        if len(chunk) == 500:
            sent += _remind_chunk(chunk, now=now)
            chunk = []
    if chunk:
        sent += _remind_chunk(chunk, now=now)
    return sent


def _remind_chunk(bookmarks: list[CallBookmark], *, now: datetime) -> int:
    done: defaultdict[tuple[int, datetime], set[int]] = defaultdict(set)
    for bookmark_id, offset, deadline in DeadlineReminder.objects.filter(
        bookmark_id__in=[b.pk for b in bookmarks]
    ).values_list("bookmark_id", "offset_days", "deadline"):
        done[(bookmark_id, deadline)].add(offset)
    sent = 0
    for bookmark in bookmarks:
        offset = reminder_due_offset(bookmark=bookmark, offsets=preferences_for(bookmark.user).offsets, now=now)
        if offset is None:
            continue
        if any(o <= offset for o in done[(bookmark.pk, bookmark.call.deadline)]):
            continue
        sent += _send_reminder(bookmark=bookmark, offset=offset, now=now)
    return sent


def _send_reminder(*, bookmark: CallBookmark, offset: int, now: datetime) -> int:
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(
                bookmark=bookmark, offset_days=offset, deadline=bookmark.call.deadline, sent_at=now
            )
            if bookmark.user.email:
                emails.send_deadline_reminder(bookmark=bookmark, offset_days=offset, now=now)
    except IntegrityError:  # a concurrent run sent it
        return 0
    return 1


# --- Changes to bookmarked calls -------------------------------------------------------


def change_kind(revision: AuditEntry) -> str | None:
    """"withdrawn" when the call left the public map, "deadline" when its deadline
    moved (or it became / stopped being rolling), else None (not worth an email)."""
    changes = revision.changes or {}
    status = changes.get("status")
    if revision.action == "funds.call.archived" or (
        isinstance(status, list) and len(status) == 2 and status[0] == EditorialStatus.PUBLISHED
        and status[1] != EditorialStatus.PUBLISHED
    ):
        return "withdrawn"
    for name in ("deadline", "is_rolling"):
        value = changes.get(name)
        if isinstance(value, list) and len(value) == 2 and value[0] != value[1] and revision.action != "funds.call.created":
            return "deadline"
    return None


def bookmark_send_change_notices(*, now: datetime | None = None) -> int:
    """Every 5 minutes: email the people who bookmarked a call when staff move its
    deadline or withdraw it, from the change history (the calls' audit rows) since the last
    run. One email per revision and person (outbox key bookmark-change:<rev>:<user>);
    the person who made the change is not told. Returns the number of emails queued."""
    now = now or timezone.now()
    with transaction.atomic():
        progress, created = NotificationProgress.objects.select_for_update().get_or_create(
            name=CHANGE_PROGRESS, defaults={"watermark": now}
        )
        if created:
            return 0  # first run: the history before it is not news
        revisions = [
            r for r in AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(FundingCall),
                action__in=CHANGE_ACTIONS,
                created_at__gt=progress.watermark - CHANGE_SCAN_OVERLAP,
                created_at__lte=now,
            ).order_by("created_at", "pk")
            if change_kind(r)
        ]
        sent = _notify_bookmarkers(revisions, now=now) if revisions else 0
        progress.watermark = max(progress.watermark, now)
        progress.save(update_fields=["watermark", "updated_at"])
    return sent


def _notify_bookmarkers(revisions: list[AuditEntry], *, now: datetime) -> int:
    by_call: defaultdict[int, list[CallBookmark]] = defaultdict(list)
    bookmarks = (
        CallBookmark.objects.filter(call_id__in={int(r.object_id) for r in revisions}, user__is_active=True)
        .exclude(user__notification_preferences__change_notices_enabled=False)
        .exclude(user__email="")
        .select_related("user", "user__profile", "call", "call__funder")
    )
    for bookmark in bookmarks:
        by_call[bookmark.call_id].append(bookmark)
    sent = 0
    for revision in revisions:
        kind = change_kind(revision)
        for bookmark in by_call.get(int(revision.object_id), []):
            if bookmark.user_id == revision.actor_id or bookmark.created_at > revision.created_at:
                continue
            if kind == "deadline" and bookmark.call.status != EditorialStatus.PUBLISHED:
                continue
            emails.send_change_notice(revision=revision, bookmark=bookmark, change=kind)
            sent += 1
    return sent

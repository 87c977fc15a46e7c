"""Emailing what the matcher found: instant alerts, and daily or weekly digests."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from funds.choices import EditorialStatus
from funds.models import CallDismissal

from .. import emails
from ..models import Alert, AlertMatch, Frequency
from ..selectors import pending_matches, preferences_for, user_time_zone

__all__ = ["alert_send_digests", "alert_send_instant", "digest_due_period", "digest_period"]

INSTANT_CHUNK = 200
DIGEST_MAX_CALLS = 50
# Digests go out at the person's digest hour (07:00 by default) or, if the hourly job
# missed that hour, later the same morning; never in the afternoon or at night.
DIGEST_WINDOW_HOURS = 5


def _deliverable(match: AlertMatch, dismissed: set[tuple[int, int]]) -> bool:
    alert, call = match.alert, match.call
    return (
        not alert.paused
        and alert.user.is_active
        and bool(alert.user.email)
        and call.status == EditorialStatus.PUBLISHED
        and (alert.user_id, call.pk) not in dismissed
    )


def alert_send_instant(*, now: datetime | None = None) -> int:
    """Email each pending match of an instant alert (one email per call). Matches of
    paused alerts, inactive people, dismissed or withdrawn calls are marked skipped.
    Safe to run concurrently (rows are taken with SKIP LOCKED) and twice (the state, and
    the outbox key alert:<alert>:call:<call>). Returns the number of emails queued."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            matches = list(
                AlertMatch.objects.filter(state=AlertMatch.State.PENDING, alert__frequency=Frequency.INSTANT)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("alert", "alert__user", "alert__user__profile", "call", "call__funder")
                # No ORDER BY: the planner may start from the instant alerts and probe the
                # pending-matches index, rather than walk every match ever recorded.
                .order_by()[:INSTANT_CHUNK]
            )
            if not matches:
                break
            dismissed = set(
                CallDismissal.objects.filter(
                    user_id__in={m.alert.user_id for m in matches}, call_id__in={m.call_id for m in matches}
                ).values_list("user_id", "call_id")
            )
            done: dict[str, list[int]] = {AlertMatch.State.SENT: [], AlertMatch.State.SKIPPED: []}
            for match in matches:
                if _deliverable(match, dismissed):
                    emails.send_instant_alert(alert=match.alert, call=match.call)
                    done[AlertMatch.State.SENT].append(match.pk)
                else:
                    done[AlertMatch.State.SKIPPED].append(match.pk)
            for state, ids in done.items():
                if ids:
                    AlertMatch.objects.filter(pk__in=ids).update(state=state, processed_at=now)
            sent_ids = set(done[AlertMatch.State.SENT])
            alert_ids = {m.alert_id for m in matches if m.pk in sent_ids}
            if alert_ids:
                Alert.objects.filter(pk__in=alert_ids).update(last_sent_at=now)
            sent += len(done[AlertMatch.State.SENT])
        if len(matches) < INSTANT_CHUNK:
            break
    return sent


# --- Digests ----------------------------------------------------------------------------


def digest_period(frequency: str, local_now: datetime) -> str | None:
    """The period a digest sent now covers, in the person's time zone: the local date
    for daily digests; the ISO week for weekly ones, which go out on Mondays only."""
    if frequency == Frequency.DAILY:
        return local_now.date().isoformat()
    if frequency == Frequency.WEEKLY and local_now.weekday() == 0:
        year, week, _day = local_now.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def digest_due_period(alert: Alert, *, now: datetime) -> str | None:
    """The period to send now, or None: outside the owner's morning window, not Monday
    for a weekly digest, or this period's digest already sent."""
    local_now = now.astimezone(user_time_zone(alert.user))
    hour = preferences_for(alert.user).digest_hour
    if not hour <= local_now.hour < hour + DIGEST_WINDOW_HOURS:
        return None
    period = digest_period(alert.frequency, local_now)
    if period is None or period == alert.last_digest_period:
        return None
    return period


def alert_send_digests(*, now: datetime | None = None) -> int:
    """Hourly: send the daily and weekly digests due now (people's local morning), one
    email per alert with calls waiting, none when nothing is waiting. Idempotent per
    alert and period (Alert.last_digest_period, outbox key digest:<alert>:<period>).
    Returns the number of digests queued."""
    now = now or timezone.now()
    waiting = AlertMatch.objects.filter(alert=OuterRef("pk"), state=AlertMatch.State.PENDING)
    candidates = (
        Alert.objects.active()
        .filter(frequency__in=[Frequency.DAILY, Frequency.WEEKLY])
        .filter(Exists(waiting))
        .select_related("user", "user__profile", "user__notification_preferences")
        .order_by("pk")
    )
    due = [(alert.pk, period) for alert in candidates.iterator(chunk_size=1000)
           if (period := digest_due_period(alert, now=now))]
    return sum(_send_digest(alert_id=pk, period=period, now=now) for pk, period in due)


@transaction.atomic
def _send_digest(*, alert_id: int, period: str, now: datetime) -> int:
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("user", "user__profile")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None or alert.paused or not alert.user.is_active or alert.last_digest_period == period:
        return 0
    deliverable = list(pending_matches(alert))
    # Pending matches left out (dismissed or withdrawn since) will never be sent.
    alert.matches.filter(state=AlertMatch.State.PENDING).exclude(pk__in=[m.pk for m in deliverable]).update(
        state=AlertMatch.State.SKIPPED, processed_at=now
    )
    if not deliverable or not alert.user.email:
        return 0
    shown = deliverable[:DIGEST_MAX_CALLS]
    emails.send_digest(alert=alert, calls=[m.call for m in shown], period=period, more=len(deliverable) - len(shown))
    AlertMatch.objects.filter(pk__in=[m.pk for m in deliverable]).update(state=AlertMatch.State.SENT, processed_at=now)
    alert.last_digest_period = period
    alert.last_sent_at = now
    alert.save(update_fields=["last_digest_period", "last_sent_at"])
    return 1

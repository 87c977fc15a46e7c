"""Emailing what the matcher found: instant alerts, and daily or weekly digests."""

from __future__ import annotations

import time
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from core.mail import user_time_zone
from funds.models import FundingCall
from taxonomy.models import SkillCategory

from .. import emails
from ..models import Alert, AlertDelivery, AlertInbox, Frequency
from ..selectors import pending_calls, preferences_for, waiting_calls

__all__ = ["alert_send_digests", "alert_send_instant", "digest_due_period", "digest_period"]

INSTANT_CHUNK = 50  # inbox rows per transaction (each may list several calls)
# An instant alert gets one email per new call, up to this many calls at once; beyond,
# one email listing them (as a digest does).
INSTANT_SINGLE_MAX = 3
DIGEST_MAX_CALLS = 50
# Digests go out at the person's digest hour (07:00 by default) or, if the hourly job
# missed that hour, later the same morning; never in the afternoon or at night.
DIGEST_WINDOW_HOURS = 5


def _can_receive(alert: Alert) -> bool:
    return not alert.paused and alert.user.is_active and bool(alert.user.email)


def _out_of_time(deadline: float | None) -> bool:
    """Whether a job given until `deadline` (time.monotonic()) should stop now."""
    return deadline is not None and time.monotonic() >= deadline


def alert_send_instant(*, now: datetime | None = None, deadline: float | None = None) -> int:
    """Email the calls waiting in the inbox of instant alerts: one email per call, or,
    when a run finds more than INSTANT_SINGLE_MAX calls for one alert (a spreadsheet
    import publishing many calls at once), one email listing them. Calls withdrawn or
    dismissed since, or already emailed for the alert, are dropped; so is everything
    waiting for a paused alert or an inactive person. Safe to run concurrently (inbox
    rows are taken with SKIP LOCKED, alerts locked) and twice (AlertDelivery, and the
    outbox keys alert:<alert>:call:<call> / digest:<alert>:found-<inbox row>). Returns
    the number of emails queued. With a `deadline` (time.monotonic()), stops between
    chunks once it has passed: the next run carries on."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                AlertInbox.objects.pending()
                .filter(alert__frequency=Frequency.INSTANT)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:INSTANT_CHUNK]
            )
            if not rows:
                break
            first_row: dict[int, int] = {}
            for row in rows:
                first_row.setdefault(row.alert_id, row.pk)
            alerts = list(
                Alert.objects.select_for_update(of=("self",))
                .filter(pk__in=sorted(first_row))
                .select_related("user", "user__profile")
                .order_by("pk")
            )
            receiving = [alert for alert in alerts if _can_receive(alert)]
            waiting = waiting_calls(receiving) if receiving else {}
            calls = (
                FundingCall.objects.select_related("funder")
                .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.order_by("ordering", "name_en")))
                .in_bulk({pk for ids in waiting.values() for pk in ids})
            )
            deliveries = []
            for alert in receiving:
                # .get: a call deleted since waiting_calls read it is simply not sent.
                found = [call for pk in waiting.get(alert.pk, ()) if (call := calls.get(pk)) is not None]
                if len(found) > INSTANT_SINGLE_MAX:
                    found.sort(key=_by_deadline)
                    shown = found[:DIGEST_MAX_CALLS]
                    emails.send_digest(
                        alert=alert, calls=shown, period=f"found-{first_row[alert.pk]}", more=len(found) - len(shown)
                    )
                    sent += 1
                else:
                    for call in found:
                        emails.send_instant_alert(alert=alert, call=call)
                    sent += len(found)
                deliveries += [AlertDelivery(alert=alert, call=call, sent_at=now) for call in found]
            AlertDelivery.objects.bulk_create(deliveries)
            AlertInbox.objects.filter(pk__in=[row.pk for row in rows]).update(state=AlertInbox.State.DONE, done_at=now)
            if deliveries:
                Alert.objects.filter(pk__in={d.alert_id for d in deliveries}).update(last_sent_at=now)
        if len(rows) < INSTANT_CHUNK or _out_of_time(deadline):
            break
    return sent


def _by_deadline(call: FundingCall) -> tuple:
    """Soonest deadline first, calls without one (rolling) last."""
    return (call.deadline is None, call.deadline.timestamp() if call.deadline else 0, call.pk)


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


def alert_send_digests(*, now: datetime | None = None, deadline: float | None = None) -> int:
    """Hourly: send the daily and weekly digests due now (people's local morning), one
    email per alert with calls waiting, none when nothing is waiting. Idempotent per
    alert and period (Alert.last_digest_period, outbox key digest:<alert>:<period>).
    With a `deadline` (time.monotonic()), stops once it has passed (a run picks up where
    the last one stopped). Returns the number of digests queued."""
    now = now or timezone.now()
    waiting = AlertInbox.objects.pending().filter(alert=OuterRef("pk"))
    candidates = (
        Alert.objects.active()
        .filter(frequency__in=[Frequency.DAILY, Frequency.WEEKLY])
        .filter(Exists(waiting))
        .select_related("user", "user__profile", "user__notification_preferences")
        .order_by("pk")
    )
    due = [(alert.pk, period) for alert in candidates.iterator(chunk_size=1000)
           if (period := digest_due_period(alert, now=now))]
    sent = 0
    for pk, period in due:
        sent += _send_digest(alert_id=pk, period=period, now=now)
        if _out_of_time(deadline):
            break
    return sent


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
    inbox = list(AlertInbox.objects.pending().filter(alert=alert).select_for_update().values_list("pk", flat=True))
    deliverable = list(pending_calls(alert))
    # Calls left out (dismissed, withdrawn or already emailed) are dropped with the rest.
    AlertInbox.objects.filter(pk__in=inbox).update(state=AlertInbox.State.DONE, done_at=now)
    if not deliverable or not alert.user.email:
        return 0
    shown = deliverable[:DIGEST_MAX_CALLS]
    emails.send_digest(alert=alert, calls=shown, period=period, more=len(deliverable) - len(shown))
    AlertDelivery.objects.bulk_create([AlertDelivery(alert=alert, call=call, sent_at=now) for call in deliverable])
    alert.last_digest_period = period
    alert.last_sent_at = now
    alert.save(update_fields=["last_digest_period", "last_sent_at"])
    return 1

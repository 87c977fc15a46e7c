"""Alerts people control, their notification preferences, and one-click unsubscribing."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit.services import log_action
from core.errors import DomainError
from funds.criteria import CallCriteria
from members.models import User
from taxonomy.models import SkillCategory

from .. import tokens
from ..matching import SIGNATURE_FIELDS, sync_alert_signature
from ..models import Alert, AlertInbox, Frequency, NotificationPreferences
from ..selectors import UnsubscribeState

__all__ = [
    "AlertError",
    "alert_create",
    "alert_delete",
    "alert_require_room",
    "alert_resync_signature",
    "alert_set_paused",
    "alert_update",
    "category_follow",
    "preferences_update",
    "unsubscribe",
]


class AlertError(DomainError):
    """A request about alerts that cannot be carried out; the message is for people."""


# --- Alerts people control --------------------------------------------------------------


def _validate_amounts(criteria: CallCriteria) -> None:
    if not criteria.amounts_in_order:
        raise AlertError(_("The maximum amount must be at least the minimum amount."))


def _save_with_criteria(alert: Alert, criteria: CallCriteria) -> Alert:
    alert.set_criteria(criteria)
    sync_alert_signature(alert)
    alert.save()
    alert.categories.set(criteria.category_ids)
    return alert


def alert_require_room(*, user: User) -> None:
    """Raise AlertError when `user` already has ALERTS_PER_USER_MAX alerts (paused ones
    count: they are kept and can be resumed). Every active alert is matched against each
    new call and may send email, so the number one person can keep is bounded. Callers
    that go on to create an alert hold a lock on the user's row first, so simultaneous
    requests cannot all pass."""
    if Alert.objects.filter(user=user).count() >= settings.ALERTS_PER_USER_MAX:
        maximum = settings.ALERTS_PER_USER_MAX
        raise AlertError(
            ngettext(
                "You have %(count)d alert, the most one person can keep. Delete it to save a new one.",
                "You have %(count)d alerts, the most one person can keep. Delete one you no longer "
                "need, or widen an existing alert, to save a new one.",
                maximum,
            )
            % {"count": maximum}
        )


@transaction.atomic
def alert_create(
    *, user: User, name: str, frequency: str, criteria: CallCriteria, query_string: str = ""
) -> Alert:
    """Save a selection of calls as an alert. Raises AlertError on inconsistent data or
    when the person already has ALERTS_PER_USER_MAX alerts."""
    name = (name or "").strip()
    if not name:
        raise AlertError(_("Give the alert a name."))
    if frequency not in Frequency.values:
        raise AlertError(_("Choose how often to receive this alert."))
    _validate_amounts(criteria)
    # Lock the user's row: simultaneous requests must not all pass the count below.
    User.objects.select_for_update().filter(pk=user.pk).first()
    alert_require_room(user=user)
    alert = Alert(user=user, name=name[:120], frequency=frequency, query_string=query_string[:2000])
    return _save_with_criteria(alert, criteria)


@transaction.atomic
def alert_update(
    *, alert: Alert, name: str, frequency: str, criteria: CallCriteria, query_string: str | None = None
) -> Alert:
    """Change an alert's name, frequency and criteria (signature kept in step)."""
    name = (name or "").strip()
    if not name:
        raise AlertError(_("Give the alert a name."))
    if frequency not in Frequency.values:
        raise AlertError(_("Choose how often to receive this alert."))
    _validate_amounts(criteria)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    alert.name = name[:120]
    alert.frequency = frequency
    if query_string is not None:
        alert.query_string = query_string[:2000]
    return _save_with_criteria(alert, criteria)


def alert_resync_signature(*, alert: Alert) -> Alert:
    """Recompute the matcher's derived columns from the saved criteria (after changes
    made outside alert_create/alert_update, e.g. in the admin)."""
    sync_alert_signature(alert)
    Alert.objects.filter(pk=alert.pk).update(**{name: getattr(alert, name) for name in SIGNATURE_FIELDS})
    return alert


def _skip_pending(alert: Alert, *, now: datetime) -> int:
    return alert.inbox.pending().update(state=AlertInbox.State.DONE, done_at=now)


@transaction.atomic
def alert_set_paused(*, alert: Alert, paused: bool) -> Alert:
    """Pause (nothing is sent; calls found before are dropped) or resume an alert.
    Idempotent."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.paused == paused:
        return alert
    alert.paused = paused
    if paused:
        _skip_pending(alert, now=timezone.now())
    else:
        alert.unsubscribed_at = None
    alert.save(update_fields=["paused", "unsubscribed_at", "updated_at"])
    return alert


@transaction.atomic
def alert_delete(*, alert: Alert) -> None:
    Alert.objects.filter(pk=alert.pk).delete()


@transaction.atomic
def category_follow(*, user: User, category: SkillCategory, frequency: str = Frequency.DAILY) -> tuple[Alert, bool]:
    """"Follow this category": the user's alert with just this category, created when
    missing and resumed when paused. Returns (alert, created). Idempotent."""
    # Lock the user's row: two quick clicks must not create two alerts.
    User.objects.select_for_update().filter(pk=user.pk).first()
    only_this = CallCriteria(category_ids=(category.pk,))
    for alert in Alert.objects.filter(user=user).prefetch_related("categories"):
        if alert.criteria() == only_this:
            if alert.paused:
                alert = alert_set_paused(alert=alert, paused=False)
            return alert, False
    alert = alert_create(
        user=user,
        name=category.name[:120],
        frequency=frequency,
        criteria=only_this,
        query_string=f"category={category.slug}",
    )
    return alert, True


# --- Preferences and unsubscribing ----------------------------------------------------------


@transaction.atomic
def preferences_update(
    *, user: User, reminders_enabled: bool, reminder_offsets: list[str], change_notices_enabled: bool,
    digest_hour: int,
) -> NotificationPreferences:
    """Save the person's notification preferences (the row is created on first save)."""
    prefs, _created = NotificationPreferences.objects.select_for_update().get_or_create(user=user)
    prefs.reminders_enabled = reminders_enabled
    prefs.reminder_offsets = sorted(set(reminder_offsets), key=int, reverse=True)
    prefs.change_notices_enabled = change_notices_enabled
    prefs.digest_hour = digest_hour
    prefs.save()
    return prefs


@transaction.atomic
def unsubscribe(*, subscription: tokens.Unsubscription) -> UnsubscribeState:
    """Stop what a one-click token names: pause the alert, or turn off deadline reminders
    or change notices. Idempotent: a second call reports `already`."""
    user = User.objects.filter(pk=subscription.user_id).first()
    if user is None:
        return UnsubscribeState(kind=subscription.kind, already=True)
    if subscription.kind == tokens.KIND_ALERT:
        alert = Alert.objects.select_for_update().filter(pk=subscription.alert_id, user=user).first()
        if alert is None:
            return UnsubscribeState(kind=subscription.kind, already=True)
        if alert.paused:
            return UnsubscribeState(kind=subscription.kind, already=True, alert_name=alert.name)
        now = timezone.now()
        alert.paused = True
        alert.unsubscribed_at = now
        alert.save(update_fields=["paused", "unsubscribed_at", "updated_at"])
        _skip_pending(alert, now=now)
        log_action(actor=None, action="alerts.alert.unsubscribed", obj=alert, data={"user": user.pk})
        return UnsubscribeState(kind=subscription.kind, already=False, alert_name=alert.name)
    prefs, _created = NotificationPreferences.objects.select_for_update().get_or_create(user=user)
    field_name = "reminders_enabled" if subscription.kind == tokens.KIND_REMINDERS else "change_notices_enabled"
    if not getattr(prefs, field_name):
        return UnsubscribeState(kind=subscription.kind, already=True)
    setattr(prefs, field_name, False)
    prefs.save(update_fields=[field_name, "updated_at"])
    log_action(actor=None, action=f"alerts.{subscription.kind}.unsubscribed", obj=prefs, data={"user": user.pk})
    return UnsubscribeState(kind=subscription.kind, already=False)

"""Revoking unsubscribe links: a new nonce makes every link sent before it invalid
(funds/alerts/tokens.py). For a person who forwarded an email, or whose old emails sit in
a mailbox others can read: those links then stop nothing. New emails carry new links.

Deleting an alert deletes its nonce with it: its old links can then only say that the
alert no longer exists.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.audit.services import log_action
from members.models import User

from ..models import Alert, NotificationPreferences, new_unsubscribe_nonce

__all__ = ["alert_revoke_unsubscribe_links", "unsubscribe_links_revoke_all"]


@transaction.atomic
def alert_revoke_unsubscribe_links(*, alert: Alert, actor: User | None = None) -> Alert:
    """Invalidate every unsubscribe link sent so far for this alert. Returns the alert
    with its new nonce."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    alert.unsubscribe_nonce = new_unsubscribe_nonce()
    alert.unsubscribe_links_revoked_at = timezone.now()
    alert.save(update_fields=["unsubscribe_nonce", "unsubscribe_links_revoked_at", "updated_at"])
    log_action(actor=actor, action="alerts.alert.unsubscribe_links_revoked", obj=alert, data={"user": alert.user_id})
    return alert


@transaction.atomic
def unsubscribe_links_revoke_all(*, user: User) -> int:
    """Invalidate every unsubscribe link sent so far to this person: those of each of
    their alerts, and those of deadline reminders and change notices. Returns how many
    alerts were concerned."""
    now = timezone.now()
    alerts = list(Alert.objects.select_for_update().filter(user=user).order_by("pk"))
    for alert in alerts:
        alert.unsubscribe_nonce = new_unsubscribe_nonce()
        alert.unsubscribe_links_revoked_at = now
        alert.updated_at = now
    Alert.objects.bulk_update(alerts, ["unsubscribe_nonce", "unsubscribe_links_revoked_at", "updated_at"])
    prefs, _created = NotificationPreferences.objects.select_for_update().get_or_create(user=user)
    prefs.unsubscribe_nonce = new_unsubscribe_nonce()
    prefs.save(update_fields=["unsubscribe_nonce", "updated_at"])
    log_action(actor=user, action="alerts.unsubscribe_links.revoked", obj=prefs, data={"alerts": [a.pk for a in alerts]})
    return len(alerts)

"""The emails of alerts and reminders: their context, key and headers.

Every message goes through core.mail.send_to_user (the outbox), in the recipient's
language and time zone, with a footer saying why it was sent and a one-click
unsubscribe link (RFC 8058 headers) for exactly that alert or kind of notice. The key of
each message names it, so asking twice for the same message never sends it twice:

    alert:<alert>:call:<call>                         instant alert
    digest:<alert>:<period>                           daily / weekly digest
    reminder:<bookmark>:<offset>d:<deadline ISO>      deadline reminder
    bookmark-change:<revision>:<user>                 a bookmarked call changed
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from core.audit.models import AuditEntry
from core.mail import absolute_url, send_to_user, user_language, user_time_zone
from funds import hooks
from funds.models import CallBookmark, FundingCall

from . import tokens
from .models import FREQUENCY_SHORT_LABELS, Alert
from .selectors import describe_criteria

TEMPLATES = "alerts/emails"


def call_url(call: FundingCall, *, language: str) -> str:
    return absolute_url("funds:call-detail", language=language, slug=call.slug)


@dataclass(frozen=True)
class CallItem:
    """A call as an email lists it."""

    call: FundingCall
    url: str

    @property
    def title(self) -> str:
        return self.call.title

    @property
    def funder(self) -> str:
        return self.call.funder.name

    @property
    def deadline(self):
        return self.call.deadline

    @property
    def is_rolling(self) -> bool:
        return self.call.is_rolling

    @property
    def amount_usd(self):
        return self.call.amount_usd

    @property
    def summary(self) -> str:
        return self.call.summary


def call_item(call: FundingCall, *, language: str) -> CallItem:
    return CallItem(call=call, url=call_url(call, language=language))


def _common(user, *, language: str) -> dict:
    return {
        "recipient": user,
        "recipient_name": user.get_full_name(),
        "alerts_url": absolute_url("alerts:alert-list", language=language),
        "preferences_url": absolute_url("alerts:preferences", language=language),
        "calls_url": absolute_url("funds:call-list", language=language),
    }


def _send(*, user, template: str, context: dict, key: str, unsubscribe_url: str):
    """Through core.mail.send_to_user: in the recipient's language and time zone (deadlines
    read as their local time); nothing for an account that can no longer sign in."""
    return send_to_user(
        user=user,
        template=f"{TEMPLATES}/{template}",
        context={**context, "unsubscribe_url": unsubscribe_url, "time_zone": user_time_zone(user).key},
        key=key,
        headers=tokens.unsubscribe_headers(unsubscribe_url),
    )


def _alert_context(alert: Alert, *, language: str) -> dict:
    with translation.override(language):
        criteria = describe_criteria(alert)
        frequency = str(FREQUENCY_SHORT_LABELS.get(alert.frequency, alert.get_frequency_display()))
    with translation.override(language):
        results = reverse("funds:call-list")
    return {
        "alert": alert,
        "alert_frequency": frequency,
        "criteria": criteria,
        "alert_edit_url": absolute_url("alerts:alert-edit", language=language, pk=alert.pk),
        "results_url": settings.SITE_URL + results + (f"?{alert.query_string}" if alert.query_string else ""),
    }


def _alert_unsubscribe_url(alert: Alert, *, language: str) -> str:
    return tokens.unsubscribe_url(
        kind=tokens.KIND_ALERT, user_id=alert.user_id, alert_id=alert.pk, nonce=alert.unsubscribe_nonce,
        language=language,
    )


def send_instant_alert(*, alert: Alert, call: FundingCall):
    """One new call for an instant alert. Key: alert:<alert>:call:<call>."""
    user = alert.user
    language = user_language(user)
    context = {
        **_common(user, language=language),
        **_alert_context(alert, language=language),
        "item": call_item(call, language=language),
    }
    return _send(
        user=user,
        template="instant",
        context=context,
        key=f"alert:{alert.pk}:call:{call.pk}",
        unsubscribe_url=_alert_unsubscribe_url(alert, language=language),
    )


@dataclass(frozen=True)
class DigestGroup:
    category: object | None  # SkillCategory, or None for calls without one
    items: list[CallItem]

    @property
    def name(self) -> str:
        return self.category.name if self.category is not None else ""


def group_by_category(alert: Alert, calls: list[FundingCall], *, language: str) -> list[DigestGroup]:
    """Each call once, under the first of its categories the alert asked for (or its
    first category); groups in the network's category order, calls without one last."""
    wanted = {c.pk for c in alert.categories.all()}
    groups: dict[int | None, list[CallItem]] = {}
    categories: dict[int, object] = {}
    for call in calls:
        own = sorted(call.categories.all(), key=lambda c: (c.ordering, c.name_en))
        chosen = next((c for c in own if c.pk in wanted), own[0] if own else None)
        key = chosen.pk if chosen is not None else None
        if chosen is not None:
            categories[chosen.pk] = chosen
        groups.setdefault(key, []).append(call_item(call, language=language))
    ordered = sorted((k for k in groups if k is not None), key=lambda k: (categories[k].ordering, categories[k].name_en))
    result = [DigestGroup(category=categories[k], items=groups[k]) for k in ordered]
    if None in groups:
        result.append(DigestGroup(category=None, items=groups[None]))
    return result


def send_digest(*, alert: Alert, calls: list[FundingCall], period: str, more: int = 0):
    """The calls found for a daily or weekly alert. Key: digest:<alert>:<period>."""
    user = alert.user
    language = user_language(user)
    with translation.override(language):
        groups = group_by_category(alert, calls, language=language)
    context = {
        **_common(user, language=language),
        **_alert_context(alert, language=language),
        "groups": groups,
        "count": len(calls) + more,
        "more": more,
        "period": period,
    }
    return _send(
        user=user,
        template="digest",
        context=context,
        key=f"digest:{alert.pk}:{period}",
        unsubscribe_url=_alert_unsubscribe_url(alert, language=language),
    )


def send_deadline_reminder(*, bookmark: CallBookmark, offset_days: int, now: datetime):
    """A bookmarked call's deadline is near. Key includes the deadline, so a moved
    deadline gets reminders of its own."""
    user, call = bookmark.user, bookmark.call
    language = user_language(user)
    remaining = call.deadline - now
    # Other apps' notes for this call (coaching's upcoming briefings), via funds.hooks.
    with translation.override(language):
        sessions = [{**note, "url": settings.SITE_URL + note["path"]} for note in hooks.call_reminder_notes(call)]
    context = {
        **_common(user, language=language),
        "item": call_item(call, language=language),
        "sessions": sessions,
        "offset_days": offset_days,
        "days_left": max(remaining.days, 0),
        "hours_left": max(int(remaining.total_seconds() // 3600), 0),
        "my_calls_url": absolute_url("funds:my-calls", language=language),
    }
    return _send(
        user=user,
        template="reminder",
        context=context,
        key=f"reminder:{bookmark.pk}:{offset_days}d:{call.deadline.isoformat()}",
        unsubscribe_url=tokens.unsubscribe_url(kind=tokens.KIND_REMINDERS, user_id=user.pk, language=language),
    )


def _parse_when(value):
    if not value:
        return None
    parsed = parse_datetime(str(value)) if isinstance(value, str) else value
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def send_change_notice(*, revision: AuditEntry, bookmark: CallBookmark, change: str):
    """A call the user bookmarked changed (deadline moved, withdrawn).
    Key: bookmark-change:<revision>:<user>."""
    user, call = bookmark.user, bookmark.call
    language = user_language(user)
    changes = revision.changes or {}
    old_deadline, new_deadline = (list(changes.get("deadline") or [None, None]) + [None, None])[:2]
    old_rolling, new_rolling = (list(changes.get("is_rolling") or [None, None]) + [None, None])[:2]
    context = {
        **_common(user, language=language),
        "item": call_item(call, language=language),
        "change": change,
        "old_deadline": _parse_when(old_deadline),
        "new_deadline": _parse_when(new_deadline),
        "became_rolling": new_rolling is True and old_rolling is not True,
        "my_calls_url": absolute_url("funds:my-calls", language=language),
        "changed_at": revision.created_at,
    }
    return _send(
        user=user,
        template="call_changed",
        context=context,
        key=f"bookmark-change:{revision.pk}:{user.pk}",
        unsubscribe_url=tokens.unsubscribe_url(kind=tokens.KIND_CHANGES, user_id=user.pk, language=language),
    )

"""Reads for alerts, reminders and notification preferences."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
from funds.models import CallDismissal, FundingCall
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region

from . import tokens
from .models import Alert, AlertDelivery, AlertInbox, NotificationPreferences

PREVIEW_SIZE = 10


# --- The recipient -----------------------------------------------------------------------
# Their language and time zone: core.mail.user_language / user_time_zone.


def preferences_for(user) -> NotificationPreferences:
    """The person's preferences: their saved row, or (unsaved) the defaults."""
    try:
        return user.notification_preferences
    except ObjectDoesNotExist:
        return NotificationPreferences(user=user)


# --- Alerts ----------------------------------------------------------------------------


def _alerts_of(user) -> QuerySet[Alert]:
    return (
        Alert.objects.owned_by(user)
        .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.order_by("ordering", "name_en")))
        .order_by("name", "pk")
    )


def alert_list(*, user) -> list[Alert]:
    """The user's own alerts, with their categories, (`pending_count`) the number of
    calls waiting for their next email and (`criteria`) every criterion they set, as
    describe_criteria gives it. Seven queries, whatever the number of alerts."""
    alerts = list(_alerts_of(user))
    waiting = waiting_calls(alerts)
    codes = {code for alert in alerts for code in alert.languages or ()}
    language_names = {lang.code: lang.name for lang in Language.objects.filter(code__in=codes)} if codes else {}
    for alert in alerts:
        alert.pending_count = len(waiting.get(alert.pk, ()))
        alert.criteria = describe_criteria(alert, language_names=language_names)
    return alerts


def alert_get(*, user, pk: int) -> Alert | None:
    """One of the user's own alerts, or None (someone else's alert does not exist)."""
    return _alerts_of(user).filter(pk=pk).first()


def waiting_calls(alerts: list[Alert]) -> dict[int, list[int]]:
    """{alert id: ids of the calls waiting for its next email}: found by the matcher
    (pending AlertInbox rows), still published, announced since the alert was saved (the
    preview tells people that calls already published are not emailed: not on a first
    run of the matcher, nor after it was down), not dismissed by the alert's owner and
    never emailed for that alert; in the order they were found. Four queries."""
    found: dict[int, dict[int, None]] = {}
    rows = AlertInbox.objects.pending().filter(alert__in=alerts).order_by("found_at", "pk")
    for alert_id, call_ids in rows.values_list("alert_id", "call_ids"):
        found.setdefault(alert_id, {}).update(dict.fromkeys(call_ids or ()))
    if not found:
        return {}
    owners = {alert.pk: alert.user_id for alert in alerts}
    saved_at = {alert.pk: alert.created_at for alert in alerts}
    every = {pk for ids in found.values() for pk in ids}
    live = dict(
        FundingCall.objects.filter(pk__in=every, status=EditorialStatus.PUBLISHED).values_list("pk", "announced_at")
    )
    dismissed = set(
        CallDismissal.objects.filter(user_id__in=set(owners.values()), call_id__in=every).values_list(
            "user_id", "call_id"
        )
    )
    sent = set(AlertDelivery.objects.filter(alert_id__in=found, call_id__in=every).values_list("alert_id", "call_id"))
    return {
        alert_id: [
            pk for pk in ids
            if pk in live and _announced_since(live[pk], saved_at[alert_id])
            and (owners[alert_id], pk) not in dismissed and (alert_id, pk) not in sent
        ]
        for alert_id, ids in found.items()
    }


def _announced_since(announced_at, saved_at) -> bool:
    return announced_at is None or saved_at is None or announced_at >= saved_at


def alert_matching_calls(alert: Alert, *, calls: QuerySet | None = None) -> QuerySet[FundingCall]:
    """Published calls meeting the alert's criteria: the /funds/ filters' rules
    (FundingCallQuerySet.matching). One query per alert: used for previews, and by the
    tests as the oracle of the matcher (matching/, which answers the same question for
    every alert at once)."""
    queryset = calls if calls is not None else FundingCall.objects.all()
    return queryset.published().matching(alert.criteria(), ranked=True)


@dataclass
class AlertPreview:
    """What the next email of an alert would contain, and what matches it right now."""

    alert: Alert
    next_email: list[FundingCall] = field(default_factory=list)
    open_now: list[FundingCall] = field(default_factory=list)


def pending_calls(alert: Alert) -> QuerySet[FundingCall]:
    """The calls the alert's next email would carry (see `waiting_calls`), by deadline,
    with their funders and categories."""
    return _by_deadline(waiting_calls([alert]).get(alert.pk, []))


def _by_deadline(ids: list[int]) -> QuerySet[FundingCall]:
    return (
        FundingCall.objects.filter(pk__in=ids)
        .select_related("funder")
        .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.order_by("ordering", "name_en")))
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def alert_preview(*, alert: Alert, now=None, size: int = PREVIEW_SIZE) -> AlertPreview:
    now = now or timezone.now()
    waiting_ids = waiting_calls([alert]).get(alert.pk, [])
    next_email = list(_by_deadline(waiting_ids)[:size])
    dismissed = CallDismissal.objects.filter(user_id=alert.user_id, call_id=OuterRef("pk"))
    already = AlertDelivery.objects.filter(alert=alert, call_id=OuterRef("pk"))
    current = (
        alert_matching_calls(alert, calls=FundingCall.objects.open_now(now))
        .exclude(Exists(dismissed))
        .exclude(Exists(already))
        .exclude(pk__in=waiting_ids)
        .select_related("funder")
        .order_by(F("deadline").asc(nulls_last=True), "-pk")[:size]
    )
    return AlertPreview(alert=alert, next_email=next_email, open_now=list(current))


def describe_criteria(alert: Alert, *, language_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, values) for each criterion the alert sets, in the active language.
    `language_names` ({code: name}) saves the query for the languages' names."""
    items: list[tuple[str, str]] = []
    if alert.q:
        items.append((_("Words"), alert.q))
    categories = [c.name for c in alert.categories.all()] if alert.pk else []
    if categories:
        items.append((_("Skills categories"), ", ".join(categories)))

    def labels(values, choices) -> str:
        names = dict(choices)
        return ", ".join(str(names.get(v, v)) for v in values)

    if alert.regions:
        items.append((_("Regions"), labels(alert.regions, Region.choices)))
    if alert.countries:
        items.append((_("Countries"), ", ".join(str(country_names.name(c) or c) for c in alert.countries)))
    if alert.instruments:
        items.append((_("Types of support"), labels(alert.instruments, Instrument.choices)))
    if alert.funder_types:
        items.append((_("Funder types"), labels(alert.funder_types, FunderType.choices)))
    if alert.applicant_types:
        items.append((_("Who can apply"), labels(alert.applicant_types, ApplicantType.choices)))
    if alert.languages:
        names = language_names if language_names is not None else {
            lang.code: lang.name for lang in Language.objects.filter(code__in=alert.languages)
        }
        items.append((_("Application languages"), ", ".join(names.get(c, c) for c in alert.languages)))
    if alert.amount_min_usd is not None:
        items.append((_("Amount at least (USD)"), f"{alert.amount_min_usd:,.0f}"))
    if alert.amount_max_usd is not None:
        items.append((_("Amount at most (USD)"), f"{alert.amount_max_usd:,.0f}"))
    return items


# --- Unsubscribing -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsubscribeState:
    """What a one-click token stops, and whether it is stopped already."""

    kind: str
    already: bool
    alert_name: str = ""


def unsubscribe_state(subscription: tokens.Unsubscription) -> UnsubscribeState:
    from members.models import User

    user = User.objects.filter(pk=subscription.user_id).first()
    if user is None:
        return UnsubscribeState(kind=subscription.kind, already=True)
    if subscription.kind == tokens.KIND_ALERT:
        alert = Alert.objects.filter(pk=subscription.alert_id, user=user).first()
        if alert is None:
            return UnsubscribeState(kind=subscription.kind, already=True)
        return UnsubscribeState(kind=subscription.kind, already=alert.paused, alert_name=alert.name)
    prefs = preferences_for(user)
    enabled = prefs.reminders_enabled if subscription.kind == tokens.KIND_REMINDERS else prefs.change_notices_enabled
    return UnsubscribeState(kind=subscription.kind, already=not enabled)

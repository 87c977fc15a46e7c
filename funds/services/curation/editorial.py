"""A call's editorial state: publish, reject, archive, set a status, mark as verified."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import absolute_url, send_to_user, user_language
from members.models import User

from ...choices import EditorialStatus
from ...models import FundingCall
from .calls import CallError, _lock, _record, _serialise_value, _validate, require_curator

# --- Editorial state --------------------------------------------------------------------


def _call_url(call: FundingCall, language: str) -> str:
    return absolute_url("funds:call-detail", language=language, slug=call.slug)


def _email_suggester(call: FundingCall, *, template: str, key: str, extra: dict | None = None) -> None:
    user = call.suggested_by
    if user is None:
        return
    language = user_language(user)
    send_to_user(
        user=user,
        template=f"funds/emails/{template}",
        context={
            "call": call,
            "call_url": _call_url(call, language),
            "suggest_url": absolute_url("funds:call-suggest", language=language),
            "list_url": absolute_url("funds:call-list", language=language),
            **(extra or {}),
        },
        key=f"{key}:{call.pk}:{user.pk}",
    )


# Which editorial states a call may come from, for each state it moves to. Drafts and
# pending calls may go anywhere; rejection is for calls not yet published.
_ALLOWED_FROM: dict[str, frozenset[str]] = {
    EditorialStatus.DRAFT: frozenset(EditorialStatus.values),
    EditorialStatus.PENDING: frozenset(EditorialStatus.values),
    EditorialStatus.PUBLISHED: frozenset(EditorialStatus.values),
    EditorialStatus.REJECTED: frozenset({EditorialStatus.DRAFT, EditorialStatus.PENDING}),
    EditorialStatus.ARCHIVED: frozenset(EditorialStatus.values),
}


def status_change_allowed(old: str, new: str) -> bool:
    """Whether a call may move from editorial state `old` to `new` (same state: yes)."""
    return old == new or old in _ALLOWED_FROM.get(new, frozenset())


def _require_status_change(call: FundingCall, new: str) -> str:
    old = call.status
    if old == new:
        raise CallError(
            _("This call is already %(state)s.") % {"state": EditorialStatus(new).label.lower()}
        )
    if not status_change_allowed(old, new):
        raise CallError(
            _("A call that is %(old)s cannot be %(new)s.")
            % {"old": EditorialStatus(old).label.lower(), "new": EditorialStatus(new).label.lower()}
        )
    return old


@transaction.atomic
def call_publish(*, call: FundingCall, actor: User | None) -> FundingCall:
    """Publish a call: it appears on the public map and alerts consider it (announced_at
    = now). published_at is kept from a first publication. The call must be valid as a
    published call (a deadline or rolling). The member who suggested it is emailed the
    first time. Raises CallError when already published or invalid, PermissionDenied
    for an actor without funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.PUBLISHED)
    now = timezone.now()
    first_time = call.published_at is None
    call.status = EditorialStatus.PUBLISHED
    call.published_at = call.published_at or now
    call.announced_at = now
    if actor is not None and actor.is_authenticated:
        call.curated_by = actor
    call.region_index = call.computed_region_index()
    _validate(call)
    call.save()
    changes = {"status": [old, EditorialStatus.PUBLISHED.value], "announced_at": [None, now.isoformat()]}
    _record(call, actor=actor, action="funds.call.published", changes=changes)
    if first_time:
        _email_suggester(call, template="call_published", key="call-published")
    return call


@transaction.atomic
def call_reject(*, call: FundingCall, actor: User | None, reason: str) -> FundingCall:
    """Turn down a draft or a member's suggestion with a reason, emailed to the member who
    suggested it. Published calls are archived instead. Raises CallError without a
    reason or from another state, PermissionDenied for an actor without
    funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    reason = (reason or "").strip()
    if not reason:
        raise CallError(_("Give a reason for the decision: it is sent to the member who suggested the call."))
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.REJECTED)
    call.status = EditorialStatus.REJECTED
    call.review_note = reason
    if actor is not None and actor.is_authenticated:
        call.curated_by = actor
    call.save(update_fields=["status", "review_note", "curated_by", "updated_at"])
    _record(call, actor=actor, action="funds.call.rejected", changes={"status": [old, "rejected"], "review_note": [None, reason]})
    _email_suggester(call, template="call_rejected", key="call-rejected", extra={"reason": reason})
    return call


@transaction.atomic
def call_archive(*, call: FundingCall, actor: User | None) -> FundingCall:
    """Take a call off the public map for good (it stays in the admin and history).
    Raises CallError when already archived, PermissionDenied for an actor without
    funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.ARCHIVED)
    call.status = EditorialStatus.ARCHIVED
    call.save(update_fields=["status", "updated_at"])
    _record(call, actor=actor, action="funds.call.archived", changes={"status": [old, "archived"]})
    return call


@transaction.atomic
def call_set_status(*, call: FundingCall, status: str, actor: User | None, reason: str = "") -> FundingCall:
    """Move a call to `status`, through the matching service (publish, reject, archive);
    back to draft or pending review directly. A no-op when the status is unchanged.
    Raises PermissionDenied for an actor without funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    if status not in EditorialStatus.values:
        raise CallError(_("Unknown editorial state: %(state)s.") % {"state": status})
    current = FundingCall.objects.only("status").get(pk=call.pk).status
    if status == current:
        return _lock(call)
    if status == EditorialStatus.PUBLISHED:
        return call_publish(call=call, actor=actor)
    if status == EditorialStatus.REJECTED:
        return call_reject(call=call, actor=actor, reason=reason or "")
    if status == EditorialStatus.ARCHIVED:
        return call_archive(call=call, actor=actor)
    call = _lock(call)
    old = call.status
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    _record(call, actor=actor, action="funds.call.status_changed", changes={"status": [old, status]})
    return call


@transaction.atomic
def call_mark_verified(*, call: FundingCall, actor: User | None, when: dt.datetime | None = None) -> FundingCall:
    """Record that staff checked the call against its official source (now). Staff only
    (funds.change_fundingcall): PermissionDenied for anyone else, the system included."""
    require_curator(actor, "funds.change_fundingcall", system=False)
    call = _lock(call)
    when = when or timezone.now()
    old = call.last_verified_at
    call.last_verified_at = when
    call.save(update_fields=["last_verified_at", "updated_at"])
    _record(
        call,
        actor=actor,
        action="funds.call.verified",
        changes={"last_verified_at": [_serialise_value("last_verified_at", old), _serialise_value("last_verified_at", when)]},
    )
    return call

"""A user's own lists: bookmarked calls ("my calls") and dismissed calls (hidden from
their lists). All four services are idempotent, backed by the UniqueConstraints on
CallBookmark and CallDismissal, and never take `request`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from funds.models import CallBookmark, CallDismissal, FundingCall

__all__ = [
    "call_bookmark_add",
    "call_bookmark_remove",
    "call_dismiss",
    "call_undismiss",
]


def _get_or_create(model, *, user, call: FundingCall):
    try:
        with transaction.atomic():
            obj, _created = model.objects.get_or_create(user=user, call=call)
            return obj
    except IntegrityError:
        # A concurrent request (a double click) created it between the read and the write.
        return model.objects.get(user=user, call=call)


@transaction.atomic
def call_bookmark_add(*, user, call: FundingCall) -> CallBookmark:
    """Keep `call` in the user's "my calls". Adding twice returns the same bookmark.

    Bookmarking a call also un-hides it: someone who saves a call wants to see it."""
    CallDismissal.objects.filter(user=user, call=call).delete()
    return _get_or_create(CallBookmark, user=user, call=call)


@transaction.atomic
def call_bookmark_remove(*, user, call: FundingCall) -> bool:
    """Drop the bookmark; True when there was one."""
    deleted, _ = CallBookmark.objects.filter(user=user, call=call).delete()
    return bool(deleted)


@transaction.atomic
def call_dismiss(*, user, call: FundingCall) -> CallDismissal:
    """Hide `call` from the user's lists (and, through CallDismissal, their alerts).
    Dismissing twice returns the same dismissal. A bookmark is kept: the user may still
    find the call on "my calls"."""
    return _get_or_create(CallDismissal, user=user, call=call)


@transaction.atomic
def call_undismiss(*, user, call: FundingCall) -> bool:
    """Show the call again; True when it was hidden."""
    deleted, _ = CallDismissal.objects.filter(user=user, call=call).delete()
    return bool(deleted)

"""Reads of single calls and of a selection's other shapes: a call's page, its related
calls and calendar, the exports and feeds of a selection, a person's bookmarks and
dismissals."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from ..models import CallBookmark, CallDismissal, CallRound, FundingCall
from ..querysets import lifecycle_group
from .lists import CallSearch, _category_prefetch, public_calls

EXPORT_MAX_ROWS = 5_000


FEED_MAX_ITEMS = 50


CALENDAR_MAX_EVENTS = 1_000


RELATED_MAX = 4


def call_export_rows(*, search: CallSearch, limit: int = EXPORT_MAX_ROWS) -> tuple[list[FundingCall], bool]:
    """At most `limit` calls in list order, and whether the selection was longer."""
    rows = list(
        search.queryset.prefetch_related("languages", "co_funders")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit


def call_feed_items(*, search: CallSearch, limit: int = FEED_MAX_ITEMS) -> list[FundingCall]:
    """The most recently published calls of the selection."""
    return list(search.queryset.order_by("-published_at", "-pk")[:limit])


def call_calendar_items(*, search: CallSearch, limit: int = CALENDAR_MAX_EVENTS) -> list[FundingCall]:
    """Calls with a deadline (or rounds) from 30 days ago on, soonest first."""
    since = search.now - timedelta(days=30)
    qs = (
        search.queryset.filter(is_rolling=False, deadline__gte=since)
        .order_by("deadline", "pk")
        .prefetch_related(Prefetch("rounds", queryset=CallRound.objects.order_by("deadline")))
    )
    return list(qs[:limit])


def call_get_for_display(*, slug: str, user=None, now=None) -> FundingCall:
    """A call for its page. Unpublished calls only for staff (a preview).

    Raises FundingCall.DoesNotExist otherwise."""
    qs = FundingCall.objects.with_lifecycle(now).select_related("funder").prefetch_related(
        _category_prefetch(),
        "languages",
        "co_funders",
        Prefetch("rounds", queryset=CallRound.objects.order_by("deadline")),
        "attachments",
    )
    if not (user is not None and user.is_authenticated and user.is_staff):
        qs = qs.published()
    qs = qs.with_viewer_flags(user)
    return qs.get(slug=slug)


def call_related(*, call: FundingCall, limit: int = RELATED_MAX, now=None) -> list[FundingCall]:
    """Open published calls sharing a category with `call`, soonest deadline first. One
    query, shaped for the (status, deadline) index: it walks the open calls in deadline
    order and stops at the fourth that shares a category (rolling calls are left out)."""
    now = now or timezone.now()
    through = FundingCall.categories.through
    own = through.objects.filter(fundingcall_id=call.pk).values("skillcategory_id")
    shares = through.objects.filter(fundingcall_id=OuterRef("pk"), skillcategory_id__in=own)
    return list(
        FundingCall.objects.published()
        .open_now(now)
        .filter(deadline__gte=now)
        .filter(Exists(shares))
        .exclude(pk=call.pk)
        .with_lifecycle(now)
        .select_related("funder")
        .order_by("deadline", "-pk")[:limit]
    )


def call_get_for_calendar(*, slug: str) -> FundingCall:
    """A published call with its rounds and funder, for its .ics. Raises DoesNotExist."""
    return (
        FundingCall.objects.published()
        .select_related("funder")
        .prefetch_related(Prefetch("rounds", queryset=CallRound.objects.order_by("deadline")))
        .get(slug=slug)
    )


def call_get_public(*, slug: str) -> FundingCall:
    """A published call by slug (for bookmarking, dismissing, its .ics). Raises DoesNotExist."""
    return FundingCall.objects.published().get(slug=slug)


def bookmarked_calls(*, user, now=None) -> QuerySet:
    """The user's bookmarked published calls, open ones first by deadline."""
    return (
        public_calls(now=now)
        .filter(Exists(CallBookmark.objects.filter(user=user, call=OuterRef("pk"))))
        .with_viewer_flags(user)
        .order_by(lifecycle_group(now or timezone.now()).asc(), "deadline", "-pk")
    )


def dismissed_calls(*, user, now=None) -> QuerySet:
    return (
        public_calls(now=now)
        .filter(Exists(CallDismissal.objects.filter(user=user, call=OuterRef("pk"))))
        .order_by("title")
    )

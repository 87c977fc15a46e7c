"""Reads of the public catalogue: every page's queries and joins are decided here, once.

`call_search` wraps the CallFilter; the list, the exports, the feeds and the calendar all
start from it, so they honour the same query string. The list page costs a fixed number
of queries whatever the page size or the number of results (see tests/funds/
test_query_budget.py): categories, languages, count, category counts, one page, its
categories.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property

from members.models import Language, SkillCategory

from .filters import FILTER_NAMES, CallFilter, Sort, lifecycle_group, open_with_deadline
from .models import CallBookmark, CallDismissal, CallRound, FundingCall

EXPORT_MAX_ROWS = 5_000
FEED_MAX_ITEMS = 50
CALENDAR_MAX_EVENTS = 1_000
RELATED_MAX = 4


def _category_prefetch() -> Prefetch:
    return Prefetch("categories", queryset=SkillCategory.objects.order_by("ordering", "name_en"))


def public_calls(*, now=None) -> QuerySet:
    """Published calls with their lifecycle, funder and categories: what a list shows."""
    return (
        FundingCall.objects.published()
        .with_lifecycle(now)
        .select_related("funder")
        .prefetch_related(_category_prefetch())
    )


@dataclass
class CallSearch:
    """One visitor's selection of calls, from the query string."""

    filterset: CallFilter
    categories: list[SkillCategory]
    user: Any = None
    show_dismissed: bool = False
    now: Any = None
    extra: dict = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def form(self):
        return self.filterset.form

    @cached_property
    def queryset(self) -> QuerySet:
        """Filtered (valid filters only) and ordered."""
        return self.filterset.qs

    @property
    def search_text(self) -> str:
        return self.filterset.search_text

    @property
    def sort(self) -> str:
        return self.filterset.effective_sort

    def active_filters(self) -> dict[str, Any]:
        """The valid, non-empty filters, by name (values as cleaned)."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return {n: data[n] for n in FILTER_NAMES if data.get(n) not in (None, "", [], False)}


def _base_queryset(*, user, show_dismissed: bool, now) -> QuerySet:
    qs = public_calls(now=now)
    if user is not None and user.is_authenticated:
        dismissed = CallDismissal.objects.filter(user=user, call=OuterRef("pk"))
        if show_dismissed:
            qs = qs.annotate(is_dismissed=Exists(dismissed))
        else:
            qs = qs.exclude(Exists(dismissed))
        qs = qs.annotate(is_bookmarked=Exists(CallBookmark.objects.filter(user=user, call=OuterRef("pk"))))
    return qs


def filter_choices() -> tuple[list[SkillCategory], list[Language]]:
    """The active categories, and the languages some call accepts (one index probe per
    language rather than a join over every call)."""
    categories = list(SkillCategory.objects.active().order_by("ordering", "name_en"))
    languages = list(
        Language.objects.filter(
            Exists(FundingCall.languages.through.objects.filter(language_id=OuterRef("pk")))
        ).order_by("name_en")
    )
    return categories, languages


def _as_querydict(data) -> QueryDict:
    if isinstance(data, QueryDict):
        return data
    q = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        q.setlist(key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return q


def call_search(*, data, user=None, now=None, with_dismissed_param: bool = True) -> CallSearch:
    """Build the selection for a query string (a QueryDict, or a dict of values or lists)."""
    now = now or timezone.now()
    data = _as_querydict(data)
    categories, languages = filter_choices()
    show_dismissed = bool(with_dismissed_param and data.get("show_dismissed") in ("1", "true", "on"))
    qs = _base_queryset(user=user, show_dismissed=show_dismissed, now=now)
    filterset = CallFilter(data, queryset=qs, categories=categories, languages=languages, now=now)
    filterset.is_valid()
    return CallSearch(
        filterset=filterset, categories=categories, user=user, show_dismissed=show_dismissed, now=now
    )


def _facet_cache_key(search: CallSearch) -> str:
    data = search.form.cleaned_data if hasattr(search.form, "cleaned_data") else {}
    parts = sorted(
        (name, ",".join(sorted(map(str, v))) if isinstance(v, list | tuple) else str(v))
        for name, v in data.items()
        if name not in {"category", "status", "sort"} and v not in (None, "", [], False)
    )
    # Dismissals change a signed-in user's counts: their counts are their own.
    who = f"u{search.user.pk}:{int(search.show_dismissed)}" if search.user is not None and search.user.is_authenticated else "anon"
    raw = repr((parts, who))
    return "funds:facets:v1:" + hashlib.sha256(raw.encode()).hexdigest()


def call_category_open_counts(*, search: CallSearch) -> dict[int, int]:
    """Open calls per category within the other filters (category and status left out,
    so each count says what ticking that category would add). One aggregate query,
    cached for FUNDS_FACET_CACHE_SECONDS (default 120): the counts are a guide, and the
    aggregate over the whole selection is the costliest read of the list page."""
    ttl = getattr(settings, "FUNDS_FACET_CACHE_SECONDS", 120)
    key = _facet_cache_key(search) if ttl else ""
    if key:
        cached = cache.get(key)
        if cached is not None:
            return cached
    base = _base_queryset(user=search.user, show_dismissed=search.show_dismissed, now=search.now)
    selection = search.filterset.filter_queryset_except(base, "category", "status", "sort")
    open_ids = selection.open_now(search.now).order_by().values("pk")
    through = FundingCall.categories.through
    rows = (
        through.objects.filter(fundingcall_id__in=open_ids)
        .values("skillcategory_id")
        .annotate(n=Count("fundingcall_id"))
        .order_by()
    )
    counts = {row["skillcategory_id"]: row["n"] for row in rows}
    if key:
        cache.set(key, counts, ttl)
    return counts


MAX_PAGE = 100_000  # beyond any real selection; keeps OFFSET arithmetic sane


def clean_page_number(raw, num_pages: int | None = None) -> int:
    """Any ?page= value → a page number ≥ 1 (junk, 0 and negatives give 1); with
    num_pages, capped to the last page."""
    try:
        number = int(str(raw)[:12])
    except (TypeError, ValueError):
        return 1
    number = min(max(number, 1), MAX_PAGE)
    if num_pages is not None:
        number = min(number, max(num_pages, 1))
    return number


def call_page(*, search: CallSearch, page, per_page: int) -> Page:
    """One page of the selection, in list order.

    The same four queries whatever the page size or the number of results:
    1. the size of the selection (and, for the default order, of its head: the open calls
       with a deadline ahead) in one aggregate;
    2. the page's ids: ORDER BY … LIMIT/OFFSET over ids and sort keys only (a deferred
       join). In the default order, a page within the head is read in (deadline, id)
       order, which an index serves without sorting; any other page is a top-N sort, so
       page 200 costs about what page 1 does;
    3. the page's rows by primary key (filters and text search ran once already);
    4. their categories."""
    qs = search.queryset
    head = open_with_deadline(search.now)
    default_order = search.sort == Sort.DEADLINE
    if default_order:
        sizes = qs.order_by().aggregate(total=Count("pk"), head=Count("pk", filter=head))
    else:
        sizes = qs.order_by().aggregate(total=Count("pk"))
    paginator = Paginator(qs, per_page)
    paginator.count = sizes["total"]
    number = clean_page_number(page, paginator.num_pages)
    offset = (number - 1) * per_page
    if default_order and offset + per_page <= sizes["head"]:
        ordered = qs.filter(head).order_by("deadline", "pk")
    else:
        ordered = qs
    ids = list(ordered.values_list("pk", flat=True)[offset : offset + per_page])
    rows = _base_queryset(user=search.user, show_dismissed=search.show_dismissed, now=search.now).filter(pk__in=ids)
    by_pk = {call.pk: call for call in rows} if ids else {}
    return Page([by_pk[pk] for pk in ids if pk in by_pk], number, paginator)


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
    if user is not None and user.is_authenticated:
        qs = qs.annotate(
            is_bookmarked=Exists(CallBookmark.objects.filter(user=user, call=OuterRef("pk"))),
            is_dismissed=Exists(CallDismissal.objects.filter(user=user, call=OuterRef("pk"))),
        )
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
    through_bookmarks = CallBookmark.objects.filter(user=user, call=OuterRef("pk"))
    return (
        public_calls(now=now)
        .filter(Exists(through_bookmarks))
        .annotate(is_bookmarked=Exists(through_bookmarks))
        .order_by(lifecycle_group(now or timezone.now()).asc(), "deadline", "-pk")
    )


def dismissed_calls(*, user, now=None) -> QuerySet:
    return (
        public_calls(now=now)
        .filter(Exists(CallDismissal.objects.filter(user=user, call=OuterRef("pk"))))
        .order_by("title")
    )


def dismissed_count(*, user) -> int:
    return CallDismissal.objects.filter(user=user, call__status="published").count()


__all__ = [
    "CallSearch",
    "bookmarked_calls",
    "call_calendar_items",
    "call_category_open_counts",
    "call_export_rows",
    "call_feed_items",
    "call_get_for_calendar",
    "call_get_for_display",
    "call_get_public",
    "call_page",
    "call_related",
    "call_search",
    "dismissed_calls",
    "dismissed_count",
    "public_calls",
]

"""The list page's reads: a visitor's selection of calls from the query string, its
category counts and one page of it, each in a fixed number of queries.

`call_search` wraps the CallFilter; the list, the exports, the feeds and the calendar all
start from it, so they honour the same query string. The list page costs a fixed number
of queries whatever the page size or the number of results (see tests/funds/
test_query_budget.py): categories, languages, category counts (cached briefly), count,
the page's ids, their categories, the page's rows; with a text search (PostgreSQL),
categories, languages, one statement for the counts, size and page
(funds.search.text_page), and the page's rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property

from taxonomy.models import Language, SkillCategory

from ..filters import FILTER_NAMES, CallFilter
from ..models import FundingCall
from ..querysets import Sort, open_with_deadline


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
    all_categories: list[SkillCategory] = field(default_factory=list)  # inactive ones too

    @property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def form(self):
        return self.filterset.form

    @cached_property
    def queryset(self) -> QuerySet:
        """Filtered (valid filters only) and ordered. Built on first use: a text search's
        list page never needs it (call_text_page)."""
        base = _base_queryset(user=self.user, show_dismissed=self.show_dismissed, now=self.now)
        return self.filterset.filter_queryset(base)

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
    if not show_dismissed:
        qs = qs.not_dismissed_by(user)
    return qs.with_viewer_flags(user)


def filter_choices() -> tuple[list[SkillCategory], list[Language]]:
    """The active categories, and the languages some call accepts (one index probe per
    language rather than a join over every call)."""
    categories, languages, _all = _filter_choices()
    return categories, languages


def _filter_choices() -> tuple[list[SkillCategory], list[Language], list[SkillCategory]]:
    """filter_choices(), plus every category (inactive ones too, in the same order): a
    list page labels its calls' categories from these instead of a query of its own."""
    every = list(SkillCategory.objects.order_by("ordering", "name_en"))
    categories = [c for c in every if c.is_active]
    languages = list(
        Language.objects.filter(
            Exists(FundingCall.languages.through.objects.filter(language_id=OuterRef("pk")))
        ).order_by("name_en")
    )
    return categories, languages, every


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
    categories, languages, every = _filter_choices()
    show_dismissed = bool(with_dismissed_param and data.get("show_dismissed") in ("1", "true", "on"))
    # The filterset only validates here; CallSearch.queryset applies it to the list's base.
    filterset = CallFilter(data, queryset=FundingCall.objects.all(), categories=categories, languages=languages, now=now)
    filterset.is_valid()
    return CallSearch(
        filterset=filterset,
        categories=categories,
        user=user,
        show_dismissed=show_dismissed,
        now=now,
        all_categories=every,
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
    selection = search.filterset.narrow(base, skip=("category", "status"))
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
    3. their categories (pairs of ids: the category rows came with call_search);
    4. the page's rows by primary key (filters and text search ran once already)."""
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
    category_ids: dict[int, list[int]] = {}
    if ids:
        through = FundingCall.categories.through
        for call_id, category_id in through.objects.filter(fundingcall_id__in=ids).values_list(
            "fundingcall_id", "skillcategory_id"
        ):
            category_ids.setdefault(call_id, []).append(category_id)
    return Page(_page_rows(search, ids, category_ids), number, paginator)


# What a list's card shows (funds/components/call_card.html, its fragment cache key and
# lifecycle_at): the long text columns (the search vector alone is ≈4 KB a call) stay in
# the database, and 24 rows of 15 columns cost half the Python of 24 of 45.
LIST_CARD_FIELDS = (
    "id", "slug", "title", "summary", "instrument", "amount_usd", "opens_on", "deadline", "deadline_timezone",
    "is_rolling", "is_global", "region_index", "status", "updated_at", "funder", "funder__name",
)


def _page_rows(search: CallSearch, ids: list[int], category_ids: dict[int, list[int]]) -> list[FundingCall]:
    """The rows of a page's ids, in that order, in one query. Their categories come from
    `category_ids` and the categories call_search loaded (no prefetch query), in the
    order of the prefetch they replace."""
    if not ids:
        return []
    rows = (
        FundingCall.objects.published()
        .select_related("funder")
        .only(*LIST_CARD_FIELDS)
        .filter(pk__in=ids)
        .with_viewer_flags(search.user)
    )
    by_pk = {call.pk: call for call in rows}
    position = {c.pk: i for i, c in enumerate(search.all_categories)}
    by_id = {c.pk: c for c in search.all_categories}
    for pk, call in by_pk.items():
        # with_lifecycle(now)'s CASE, in Python on the row's own dates (the same rules).
        call.lifecycle = call.lifecycle_at(search.now).value
        chosen = sorted((by_id[c] for c in category_ids.get(pk) or () if c in by_id), key=lambda c: position[c.pk])
        _set_prefetched(call, "categories", chosen)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _set_prefetched(instance, name: str, objects: list) -> None:
    """What prefetch_related leaves on an instance (an evaluated queryset under the
    relation's name): instance.<name>.all() answers from it without a query."""
    queryset = QuerySet(model=type(instance)._meta.get_field(name).related_model)
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset



"""Reads of the public catalogue: every page's queries and joins are decided here, once.

`call_search` wraps the CallFilter; the list, the exports, the feeds and the calendar all
start from it, so they honour the same query string. The list page costs a fixed number
of queries whatever the page size or the number of results (see tests/funds/
test_query_budget.py): categories, languages, category counts (cached briefly), count,
the page's ids, their categories, the page's rows; with a text search (PostgreSQL),
categories, languages, one statement for the counts, size and page (call_text_page), and
the page's rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property

from taxonomy.models import Language, SkillCategory

from .filters import (
    FILTER_NAMES,
    CallFilter,
    Sort,
    lifecycle_group,
    lifecycle_q,
    open_now_q,
    open_with_deadline,
    ordering,
    search_postgres,
    search_query,
)
from .models import CallBookmark, CallDismissal, CallRound, FundingCall

EXPORT_MAX_ROWS = 5_000
# A text search ranks (ts_rank, which reads each call's whole search vector) at most this
# many matches: the first ones in the list's default order (open calls first, soonest
# deadline first). Matches past it follow, unranked, in that order. Realistic words match
# a few hundred calls once filtered, so they are ranked in full; a word found in nearly
# every call ("skills") no longer ranks the whole catalogue. See call_text_page.
RANK_CAP = 1_000
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


def _selection_base(*, user, show_dismissed: bool) -> QuerySet:
    """Published calls the visitor may see, without the annotations and joins of a list's
    rows: what the filters of a text search run on."""
    qs = FundingCall.objects.published()
    if user is not None and user.is_authenticated and not show_dismissed:
        qs = qs.exclude(Exists(CallDismissal.objects.filter(user=user, call=OuterRef("pk"))))
    return qs


def uses_text_page(search: CallSearch) -> bool:
    """Whether call_text_page serves this selection: a valid text search on PostgreSQL."""
    # search_postgres() filters and ranks whenever the stripped query is not empty.
    return connection.vendor == "postgresql" and bool(search.search_text)


def _null_order(item: OrderBy) -> str:
    if item.nulls_first:
        return " NULLS FIRST"
    if item.nulls_last:
        return " NULLS LAST"
    return ""


def call_text_page(*, search: CallSearch, page, per_page: int, rank_cap: int = RANK_CAP) -> tuple[Page, dict[int, int]]:
    """A page of a text search and the open calls per category, in ONE statement (plus the
    page's rows and their categories), instead of the category counts, the COUNT and
    the page's ids as three scans of the same matches.

    The matches of every filter but category and status (what the category counts are
    computed on) are read once, through the full-text index, into a CTE; each row
    carries whether it is open now, passes the status and category filters, and its
    sort keys. From it: the selection's size and the requested page's ids (a window
    over the selection in list order; a page past the end gives the last page, as
    clean_page_number does), and the open calls per category.

    Relevance order ranks at most `rank_cap` matches: the first in the default order
    (closed calls last, then open calls by soonest deadline); those past the cap keep
    that order after the ranked ones. Below the cap the order is exactly the ranked
    order of call_page."""
    now = search.now
    data = search.form.cleaned_data
    sort = search.sort
    matches = search.filterset.filter_queryset_except(
        _selection_base(user=search.user, show_dismissed=search.show_dismissed), "category", "status", "sort", "q"
    )
    # The text condition last, as filter_queryset_except places it; its rank is computed
    # below, for the capped matches only.
    matches = search_postgres(matches, search.search_text, ranked=False).order_by()

    status_condition = lifecycle_q(data["status"], now=now) if data.get("status") else None
    chosen = set(data.get("category") or [])
    chosen_ids = [c.pk for c in search.categories if c.slug in chosen]
    through = FundingCall.categories.through
    columns = {
        "is_open": ExpressionWrapper(open_now_q(now), output_field=BooleanField()),
        "in_status": ExpressionWrapper(status_condition, output_field=BooleanField())
        if status_condition is not None
        else Value(True, output_field=BooleanField()),
        "in_categories": Exists(through.objects.filter(fundingcall_id=OuterRef("pk"), skillcategory_id__in=chosen_ids))
        if chosen
        else Value(True, output_field=BooleanField()),
    }
    ranked = sort == Sort.RELEVANCE
    if ranked:
        query = ExpressionWrapper(search_query(search.search_text), output_field=SearchQueryField())
        columns |= {"sv": F("search_vector"), "tsq": query}
    final, cheap = [], []  # ORDER BY terms over the CTE's columns
    for i, item in enumerate(ordering(sort, now)):
        if isinstance(item, str):
            term = "id DESC" if item.startswith("-") else "id ASC"
            final.append(term)
            cheap.append(term)
            continue
        expression = item.expression
        direction = (" DESC" if item.descending else " ASC") + _null_order(item)
        if isinstance(expression, F) and expression.name == "rank":
            final.append(f"CASE WHEN cheap_pos <= %s THEN ts_rank(sv, tsq, 0) END{direction}")
            continue
        columns[f"k{i}"] = expression
        final.append(f"k{i}{direction}")
        cheap.append(f"k{i}{direction}")
    names = list(columns)
    inner_sql, inner_params = matches.annotate(**columns).values("pk", *names).query.sql_with_params()
    keys = ", ".join(n for n in names if n.startswith("k") or n in {"sv", "tsq"})
    cheap_pos = f", ROW_NUMBER() OVER (ORDER BY {', '.join(cheap)}) AS cheap_pos" if ranked else ""
    number = clean_page_number(page)
    # Only identifiers and the ORM's own SQL are formatted in; every value is a parameter.
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT * FROM ({inner_sql}) AS x (id, {", ".join(names)})
            WHERE is_open OR (in_status AND in_categories)  -- the rows either part needs
        ),
        s AS (SELECT id{", " + keys if keys else ""}{cheap_pos} FROM m WHERE in_status AND in_categories),
        r AS (SELECT id, COUNT(*) OVER () AS total, ROW_NUMBER() OVER (ORDER BY {", ".join(final)}) AS pos FROM s)
        SELECT 0, id, total, pos,
               ARRAY(SELECT t.skillcategory_id FROM {through._meta.db_table} t WHERE t.fundingcall_id = r.id)
            FROM r WHERE (pos - 1) / %s = LEAST(%s, (total - 1) / %s)
        UNION ALL
        SELECT 1, t.skillcategory_id, COUNT(*), 0, NULL FROM m JOIN {through._meta.db_table} t ON t.fundingcall_id = m.id
            WHERE m.is_open GROUP BY t.skillcategory_id
    """  # noqa: S608
    params = [*inner_params, *([rank_cap] if ranked else []), per_page, number - 1, per_page]
    if not connection.in_atomic_block:
        # PostgreSQL does not count the cost of reading a row's out-of-line search vector,
        # so for a word found in most calls it prefers a sequential scan that tests
        # `@@` on each of them (several times slower than the full-text index's bitmap,
        # which needs no vector at all: bench/README.md, "What changed" 2). SET LOCAL in the same query string lasts for this statement's
        # implicit transaction only; inside a transaction it would outlive it: skipped.
        sql = f"SET LOCAL enable_seqscan = off; {sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = [row[1] for row in rows if row[0] == 0]
    counts = {row[1]: row[2] for row in rows if row[0] == 1}
    total = next((row[2] for row in rows if row[0] == 0), 0)
    first_position = next((row[3] for row in rows if row[0] == 0), 1)
    number = (first_position - 1) // per_page + 1
    paginator = Paginator((), per_page)  # the size is known: its object list is never read
    paginator.count = total
    category_ids = {row[1]: row[4] for row in rows if row[0] == 0}
    return Page(_page_rows(search, ids, category_ids), number, paginator), counts


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
    rows = FundingCall.objects.published().select_related("funder").only(*LIST_CARD_FIELDS).filter(pk__in=ids)
    user = search.user
    if user is not None and user.is_authenticated:  # the annotations of _base_queryset
        if search.show_dismissed:
            rows = rows.annotate(is_dismissed=Exists(CallDismissal.objects.filter(user=user, call=OuterRef("pk"))))
        rows = rows.annotate(is_bookmarked=Exists(CallBookmark.objects.filter(user=user, call=OuterRef("pk"))))
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
    "call_text_page",
    "call_related",
    "call_search",
    "dismissed_calls",
    "public_calls",
    "uses_text_page",
]

"""The list page of a text search, in one statement: the measured fast path.

Fenced here on purpose (README.md in this folder): it writes SQL by hand over the ORM's
own, for the 50,000-call benchmark's p95 target (< 150 ms for a text query with two
filters, bench/funds_list.py). Its results are pinned to the general path
(selectors.call_page + call_category_open_counts) by tests/funds/test_text_page.py.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OrderBy,
    OuterRef,
    QuerySet,
    Value,
)

from ..models import FundingCall
from ..querysets import Sort, lifecycle_q, open_now_q, ordering
from ..selectors.lists import CallSearch, _page_rows, clean_page_number
from .words import search_postgres, search_query

# A text search ranks (ts_rank, which reads each call's whole search vector) at most this
# many matches: the first ones in the list's default order (open calls first, soonest
# deadline first). Matches past it follow, unranked, in that order. Realistic words match
# a few hundred calls once filtered, so they are ranked in full; a word found in nearly
# every call ("skills") no longer ranks the whole catalogue. See call_text_page.
RANK_CAP = 1_000


def _selection_base(*, user, show_dismissed: bool) -> QuerySet:
    """Published calls the visitor may see, without the annotations and joins of a list's
    rows: what the filters of a text search run on."""
    qs = FundingCall.objects.published()
    return qs if show_dismissed else qs.not_dismissed_by(user)


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
    matches = search.filterset.narrow(
        _selection_base(user=search.user, show_dismissed=search.show_dismissed), skip=("category", "status", "q")
    )
    # The text condition last, as FundingCallQuerySet.matching places it; its rank is
    # computed below, for the capped matches only.
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

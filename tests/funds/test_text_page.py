"""A text search's page, size and category counts come from one statement
(funds.search.text_page.call_text_page): the same calls, in the same order, with the same counts as
the general path (call_page + call_category_open_counts), in fewer queries. Relevance is
computed for at most RANK_CAP matches."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funds import selectors
from funds.querysets import Sort, ordering
from funds.search import text_page, update_search_vectors
from tests.factories.funds import CallDismissalFactory, FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WORDS = ["apprenticeship", "digital", "green", "youth", "solar"]


@pytest.fixture
def catalogue():
    """60 calls with varied dates, regions, categories and words, so that relevance,
    lifecycle groups and ties all occur."""
    rng = random.Random(7)
    cats = [SkillCategoryFactory(slug=f"cat-{i}") for i in range(4)]
    retired = SkillCategoryFactory(slug="retired", is_active=False)
    now = timezone.now()
    for i in range(60):
        words = rng.sample(WORDS, rng.randint(1, 3))
        deadline = None if i % 9 == 0 else now + timedelta(days=rng.randint(-60, 120), hours=rng.randint(0, 23))
        FundingCallFactory(
            title=f"{words[0].title()} call {i}" if i % 3 else f"Call {i}",
            summary=" ".join(words * rng.randint(1, 3)),
            description=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))),
            deadline=deadline,
            is_rolling=deadline is None,
            opens_on=date.today() + timedelta(days=10) if i % 11 == 0 else None,
            is_global=i % 4 == 0,
            eligible_regions=[] if i % 4 == 0 else [rng.choice(["africa", "europe-central-asia", "americas"])],
            amount_usd=rng.choice([None, 5_000, 50_000, 50_000, 200_000]),
            categories=rng.sample(cats, rng.randint(0, 2)) + ([retired] if i % 10 == 0 else []),
        )
    update_search_vectors()
    return cats


def both_paths(query: str, *, user=None, per_page: int = 7, **kwargs):
    data = QueryDict(query)
    search = selectors.call_search(data=data, user=user)
    assert text_page.uses_text_page(search)
    general = selectors.call_page(search=search, page=data.get("page"), per_page=per_page)
    cache.clear()
    general_counts = selectors.call_category_open_counts(search=search)
    text, text_counts = text_page.call_text_page(search=search, page=data.get("page"), per_page=per_page, **kwargs)
    return (general, general_counts), (text, text_counts)


def summary(page):
    return (
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        [(c.pk, c.current_lifecycle, [cat.slug for cat in c.categories.all()]) for c in page.object_list],
    )


@pytest.mark.parametrize(
    "query",
    [
        "q=apprenticeship",
        "q=apprenticeship&page=2",
        "q=apprenticeship&page=999",
        "q=digital&region=africa&status=open",
        "q=green&status=closed",
        "q=green&status=upcoming",
        "q=youth&status=closing_soon",
        "q=solar&category=cat-1&category=cat-2",
        "q=solar&category=cat-0&status=open&region=americas",
        "q=dig&sort=amount&page=2",
        "q=youth+green&sort=newest",
        "q=youth&sort=deadline&page=3",
        "q=%22green+youth%22",
        "q=green+-solar",
        "q=green+or+solar",
        "q=nothingmatchesthis",
        "q=apprenticeship&amount_min=10000&rolling=1",
    ],
)
def test_one_statement_gives_the_same_page_size_and_counts_as_the_general_path(catalogue, query):
    (general, general_counts), (text, text_counts) = both_paths(query)
    assert summary(text) == summary(general)
    assert text_counts == general_counts


def test_a_signed_in_users_dismissed_calls_are_left_out_or_marked_as_before(catalogue):
    user = UserFactory()
    for call in selectors.call_search(data={"q": "green"}).queryset[:3]:
        CallDismissalFactory(user=user, call=call)
    for query in ("q=green", "q=green&show_dismissed=1"):
        (general, general_counts), (text, text_counts) = both_paths(query, user=user)
        assert summary(text) == summary(general)
        assert text_counts == general_counts
        flags = [(c.is_bookmarked, getattr(c, "is_dismissed", None)) for c in text.object_list]
        assert flags == [(c.is_bookmarked, getattr(c, "is_dismissed", None)) for c in general.object_list]


def test_relevance_is_computed_for_at_most_rank_cap_matches_in_the_default_order(catalogue):
    (general, _), (exact, _) = both_paths("q=green", per_page=100, rank_cap=10_000)
    assert [c.pk for c in exact.object_list] == [c.pk for c in general.object_list]

    (_, _), (capped, _) = both_paths("q=green", per_page=100, rank_cap=5)
    assert capped.paginator.count == exact.paginator.count  # the cap never changes what is found

    # Expected: the relevance order without its rank term (closed calls last, then the
    # default order) is the "cheap" order; its first five are ranked among themselves
    # and come first; the others follow in the cheap order.
    search = selectors.call_search(data={"q": "green"})
    cheap = [o for o in ordering(Sort.RELEVANCE, search.now) if not (hasattr(o, "expression") and getattr(o.expression, "name", "") == "rank")]
    in_cheap_order = list(search.queryset.order_by(*cheap).values_list("pk", flat=True))
    rank = dict(search.queryset.values_list("pk", "rank"))
    closed = {c.pk for c in exact.object_list if c.current_lifecycle == "closed"}
    assert len(set(in_cheap_order[:6]) - closed) == 6  # the cap falls among open calls
    head = sorted(in_cheap_order[:5], key=lambda pk: (-rank[pk], in_cheap_order.index(pk)))
    assert [c.pk for c in capped.object_list] == head + in_cheap_order[5:]
    assert [c.pk for c in capped.object_list] != [c.pk for c in exact.object_list]


def test_a_text_search_costs_fewer_queries_than_the_general_path(client, catalogue):
    cache.clear()
    with CaptureQueriesContext(connection) as text:
        assert client.get("/funds/?q=green&region=africa&status=open").status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as general:
        assert client.get("/funds/?region=africa&status=open").status_code == 200
    # categories, languages, the statement, the page's rows (their categories come with it)
    assert len(text.captured_queries) == 4 < len(general.captured_queries)


def test_the_list_shows_the_calls_categories_inactive_ones_included(client, catalogue):
    call = FundingCallFactory(title="Retired category call", summary="zebra", categories=[catalogue[0]])
    call.categories.add(SkillCategoryFactory(slug="gone", name_en="Gone category", is_active=False))
    update_search_vectors()
    html = client.get("/funds/?q=zebra").content.decode()
    assert "Gone category" in html and catalogue[0].name in html


# serialized_rollback: the flush after a transactional test must not leave later
# serialized tests (browser, integration) to re-create rows post_migrate made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_planner_setting_of_the_statement_does_not_outlive_it(client, catalogue):
    assert not connection.in_atomic_block
    assert client.get("/funds/?q=green").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"

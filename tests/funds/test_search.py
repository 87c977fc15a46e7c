"""Full-text search: PostgreSQL's weighted tsvector ranked with ts_rank; a LIKE fallback
elsewhere. Hostile input is just text."""

from __future__ import annotations

import pytest
from django.db import connection

from funds.models import FundingCall
from funds.search import update_search_vectors
from funds.search.words import prefix_tsquery, search_portable
from funds.selectors import call_search
from tests.factories.funds import FunderFactory, FundingCallFactory

pytestmark = pytest.mark.django_db


def found(q: str, **extra) -> list[str]:
    search = call_search(data={"q": q, **extra})
    assert search.is_valid, search.form.errors
    return [c.title for c in search.queryset]


@pytest.fixture
def calls():
    FundingCallFactory(
        title="Apprenticeship innovation fund",
        summary="Money for training providers.",
        description="Nothing else.",
    )
    FundingCallFactory(
        title="Green skills grants",
        summary="For training providers.",
        description="Projects may include an apprenticeship component among other things.",
    )
    FundingCallFactory(
        title="Digital literacy prize",
        summary="Coding for young women.",
        description="About digital work.",
        tags="coding, women",
        funder=FunderFactory(name="Fondation Emploi"),
    )
    FundingCallFactory(title="Unrelated", summary="Nothing to see.", description="Nothing.")
    update_search_vectors()


@pytest.mark.postgres
def test_a_title_match_outranks_a_description_match(calls):
    assert found("apprenticeship") == ["Apprenticeship innovation fund", "Green skills grants"]


@pytest.mark.postgres
def test_relevance_is_the_default_order_with_a_query_and_can_be_overridden(calls):
    assert call_search(data={"q": "apprenticeship"}).sort == "relevance"
    assert call_search(data={}).sort == "deadline"
    assert call_search(data={"q": "apprenticeship", "sort": "newest"}).sort == "newest"


@pytest.mark.postgres
def test_a_word_typed_in_part_finds_the_whole_word(calls):
    assert "Apprenticeship innovation fund" in found("apprentice")


@pytest.mark.postgres
def test_funder_names_and_tags_are_searched(calls):
    assert found("fondation") == ["Digital literacy prize"]
    assert found("coding women") == ["Digital literacy prize"]


@pytest.mark.postgres
def test_web_search_syntax_phrases_and_exclusions(calls):
    assert found('"training providers" -apprenticeship') == []
    assert set(found('"training providers"')) == {"Apprenticeship innovation fund", "Green skills grants"}
    assert sorted(found("green or digital")) == ["Digital literacy prize", "Green skills grants"]


@pytest.mark.postgres
def test_search_combines_with_filters(calls):
    FundingCallFactory(title="Apprenticeship for the Americas", is_global=False, eligible_regions=["americas"])
    update_search_vectors()
    assert "Apprenticeship for the Americas" not in found("apprenticeship", region="africa")
    assert "Apprenticeship for the Americas" in found("apprenticeship", region="americas")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE funds_fundingcall; --",
        "apprentice:* & !",
        "a & | ! ( ) : * <->",
        "\\",
        "%_%",
        '"unbalanced',
        "----",
        "🙂 apprentissage",
        "SELECT * FROM pg_user",
    ],
)
def test_hostile_queries_are_searched_as_text(calls, q):
    search = call_search(data={"q": q})
    assert search.is_valid
    list(search.queryset)  # no database error
    assert FundingCall.objects.count() == 4


def test_over_long_queries_are_a_form_error():
    search = call_search(data={"q": "x" * 201})
    assert not search.is_valid
    assert "q" in search.form.errors


def test_null_bytes_in_a_query_are_a_form_error():
    assert not call_search(data={"q": "apprentice\x00ship"}).is_valid


def test_prefix_tsquery_keeps_only_word_characters():
    assert prefix_tsquery("youth apprentice") == "youth:* & apprentice:*"
    assert prefix_tsquery("a&b|!c:*") == "a:* & b:* & c:*"
    assert prefix_tsquery("!!!") == ""
    assert prefix_tsquery(" ".join(["w"] * 20)).count("w:*") == 8


def test_the_portable_fallback_matches_every_word_and_ranks_title_hits_first(calls):
    ranked = search_portable(FundingCall.objects.all(), "apprenticeship").order_by("-rank", "pk")
    assert [c.title for c in ranked] == ["Apprenticeship innovation fund", "Green skills grants"]
    assert list(search_portable(FundingCall.objects.all(), "apprenticeship digital")) == []
    assert list(search_portable(FundingCall.objects.all(), "!!!")) == []


def test_search_works_on_whatever_database_runs(calls):
    # PostgreSQL: tsvector; SQLite: LIKE. Either way the title match comes first.
    assert found("apprenticeship")[0] == "Apprenticeship innovation fund"
    assert connection.vendor in {"postgresql", "sqlite"}


@pytest.mark.parametrize("q", ["\ufffd", "!!!", "«»", "—"])
def test_a_query_with_nothing_searchable_is_valid_and_lists_nothing(calls, q):
    search = call_search(data={"q": q})
    assert search.is_valid
    assert list(search.queryset) == []

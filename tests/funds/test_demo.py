"""Demo data: about 300 varied, realistic calls, created fast and only once."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count

from funds import demo
from funds.choices import EditorialStatus, Lifecycle
from funds.demo.data import USD_RATES
from funds.models import CallRound, Funder, FundingCall

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_about_300_calls_from_about_40_funders():
    out = io.StringIO()

    created = demo.seed(stdout=out)

    assert created == 300 == FundingCall.objects.count()
    assert 35 <= Funder.objects.count() <= 45
    assert "created 300 demo calls" in out.getvalue()


def test_the_demo_covers_every_lifecycle_and_editorial_state_and_instrument_variety():
    demo.seed(stdout=io.StringIO())

    lifecycles = dict(FundingCall.objects.with_lifecycle().values_list("lifecycle").annotate(n=Count("id")))
    statuses = dict(FundingCall.objects.values_list("status").annotate(n=Count("id")))
    assert set(lifecycles) == set(Lifecycle.values)
    assert all(n >= 10 for n in lifecycles.values()), lifecycles
    assert FundingCall.objects.filter(is_rolling=True).count() >= 10
    assert statuses[EditorialStatus.PUBLISHED] > 200
    assert {EditorialStatus.PENDING, EditorialStatus.DRAFT, EditorialStatus.ARCHIVED} <= set(statuses)
    assert FundingCall.objects.values("instrument").distinct().count() >= 10
    assert Funder.objects.values("type").distinct().count() >= 12
    assert CallRound.objects.values("call").distinct().count() >= 3
    assert FundingCall.objects.filter(title__startswith="Appel").exists() or FundingCall.objects.filter(title__contains=" : ").exists()
    assert FundingCall.objects.filter(title__startswith="Convocatoria").exists() or FundingCall.objects.filter(title__startswith="Subvenciones").exists()


def test_demo_calls_have_consistent_data():
    demo.seed(stdout=io.StringIO())

    for call in FundingCall.objects.prefetch_related("categories", "languages"):
        assert call.region_index == call.computed_region_index()
        assert call.is_global or call.region_index, call.title
        assert call.categories.all(), call.title
        assert call.languages.all(), call.title
        call.full_clean(exclude=["search_vector", "region_index"])


@pytest.mark.postgres
def test_demo_calls_are_searchable():
    demo.seed(stdout=io.StringIO())

    assert FundingCall.objects.filter(search_vector__isnull=True).count() == 0
    assert FundingCall.objects.filter(search_vector=SearchQuery("apprenticeships", config="simple")).exists()


def test_seeding_twice_adds_nothing(django_assert_max_num_queries):
    demo.seed(stdout=io.StringIO())
    out = io.StringIO()

    with django_assert_max_num_queries(2):
        assert demo.seed(stdout=out) == 0

    assert FundingCall.objects.count() == 300
    assert "already exist" in out.getvalue()


def test_the_demo_runs_in_a_few_dozen_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        demo.seed(stdout=io.StringIO())


def test_demo_calls_read_like_real_ones():
    demo.seed(stdout=io.StringIO())
    calls = list(FundingCall.objects.prefetch_related("languages"))

    # Varied summaries, none repeated in the description below it.
    assert len({" ".join(c.summary.split()[:3]) for c in calls}) >= 10
    assert all(c.summary not in c.description for c in calls)
    # One language per call, the one its title is written in.
    for call in calls:
        codes = [lang.code for lang in call.languages.all()]
        assert len(codes) == 1, call.title
        if call.title.startswith(("Appel", "Subventions :", "Concours", "Bourse")):
            assert codes == ["fr"], call.title
    # Amounts make sense once converted: no award worth a few dollars.
    with_amounts = [c for c in calls if c.amount_usd]
    assert with_amounts
    assert min(c.amount_usd for c in with_amounts) >= 1_000
    for call in with_amounts:
        assert abs(call.amount_usd - call.amount_max * Decimal(str(USD_RATES[call.currency]))) < 1

"""One criteria object (funds.criteria.CallCriteria) for every reader of "which calls?".

The /funds/ FilterSet, the alert form, an alert's own check (Alert.criteria() through
FundingCallQuerySet.matching) and the alert matcher (numpy, funds/alerts/matching/) must
find the same calls for the same criteria. Each field of CallCriteria has a sample here;
adding a field without one — or teaching one reader a rule the others do not know —
fails these tests."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from funds.alerts.forms import AlertForm
from funds.alerts.matching import match_calls
from funds.alerts.matching.alerts import KIND_OF_FIELD, TESTED_APART
from funds.alerts.models import Alert
from funds.alerts.selectors import alert_matching_calls
from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
from funds.criteria import PARAMS, CallCriteria
from funds.models import FundingCall
from funds.search import update_search_vectors
from funds.selectors import call_search
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FunderFactory, FundingCallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Calls that differ in every criterion, searchable, plus a draft no reader may find."""
    categories = list(SkillCategory.objects.active().order_by("ordering", "name_en")[:3])
    english, _ = Language.objects.get_or_create(code="en", defaults={"name_en": "English"})
    french, _ = Language.objects.get_or_create(code="fr", defaults={"name_en": "French"})
    ministry = FunderFactory(name="A ministry", type=FunderType.GOVERNMENT)
    calls = [
        FundingCallFactory(title="Apprenticeship fund", categories=[categories[0]], languages=[english]),
        FundingCallFactory(
            title="Green skills challenge", is_global=False, eligible_regions=[Region.AFRICA],
            instrument=Instrument.CHALLENGE, categories=[categories[1]], languages=[french], amount_usd=None,
        ),
        FundingCallFactory(
            title="Kenyan apprenticeships", is_global=False, eligible_countries=["KE"], funder=ministry,
            applicant_types=[ApplicantType.TRAINING_PROVIDER], amount_usd=20_000, categories=categories[:2],
        ),
        FundingCallFactory(
            title="Nigerian digital skills", is_global=False, eligible_countries=["NG"],
            applicant_types=[ApplicantType.NGO, ApplicantType.SME], amount_usd=90_000,
        ),
        FundingCallFactory(
            title="Asian reskilling fellowship", is_global=False, eligible_regions=[Region.ASIA_PACIFIC],
            instrument=Instrument.FELLOWSHIP, funder=ministry, categories=[categories[2]], amount_usd=250_000,
            languages=[english, french],
        ),
        FundingCallFactory(title="Care work grants worldwide", amount_usd=5_000),
    ]
    FundingCallFactory(title="Apprenticeship draft", status=EditorialStatus.DRAFT)
    update_search_vectors()
    return {"categories": categories, "calls": calls}


def samples(categories) -> dict[str, CallCriteria]:
    """One criteria per field of CallCriteria, set to a single value (the FilterSet takes
    one value for most fields; alerts take several)."""
    return {
        "q": CallCriteria(q="apprenticeship"),
        "category_ids": CallCriteria(category_ids=(categories[1].pk,)),
        "regions": CallCriteria(regions=(Region.AFRICA,)),
        "countries": CallCriteria(countries=("NG",)),
        "instruments": CallCriteria(instruments=(Instrument.CHALLENGE,)),
        "funder_types": CallCriteria(funder_types=(FunderType.GOVERNMENT,)),
        "applicant_types": CallCriteria(applicant_types=(ApplicantType.NGO,)),
        "languages": CallCriteria(languages=("fr",)),
        "amount_min_usd": CallCriteria(amount_min_usd=Decimal(40_000)),
        "amount_max_usd": CallCriteria(amount_max_usd=Decimal(60_000)),
    }


def query_of(criteria: CallCriteria, categories) -> QueryDict:
    """The /funds/ query string of some criteria."""
    slugs = {c.pk: c.slug for c in categories}
    query = QueryDict(mutable=True)
    for name, param in PARAMS.items():
        value = getattr(criteria, name)
        if value in (None, "", ()):
            continue
        if name == "category_ids":
            value = tuple(slugs[pk] for pk in value)
        query.setlist(param, [str(v) for v in value] if isinstance(value, tuple) else [str(value)])
    return query


def alert_with(criteria: CallCriteria) -> Alert:
    alert = AlertFactory()
    alert.set_criteria(criteria)
    alert.save()
    alert.categories.set(criteria.category_ids)
    from funds.alerts.matching import sync_alert_signature

    sync_alert_signature(alert)
    alert.save()
    return alert


def through_filterset(criteria: CallCriteria, categories) -> set[int]:
    search = call_search(data=query_of(criteria, categories))
    assert search.is_valid, search.form.errors
    assert search.filterset.criteria() == criteria
    return set(search.queryset.values_list("pk", flat=True))


def through_alert_form(criteria: CallCriteria, categories) -> CallCriteria:
    form = AlertForm(AlertForm.data_from_query(query_of(criteria, categories), name="Mine"))
    assert form.is_valid(), form.errors
    return form.criteria()


def test_every_field_of_the_criteria_has_a_sample_here_and_a_place_in_the_matcher():
    names = {f.name for f in fields(CallCriteria)}
    assert set(samples([SkillCategory(pk=1)] * 3)) == names
    assert set(KIND_OF_FIELD) | set(TESTED_APART) == names
    assert set(PARAMS) == names


@pytest.mark.parametrize(
    "field",
    ["q", "category_ids", "regions", "countries", "instruments", "funder_types", "applicant_types", "languages",
     "amount_min_usd", "amount_max_usd"],
)
def test_one_criterion_finds_the_same_calls_through_the_filters_the_alert_check_and_the_matcher(catalogue, field):
    categories, calls = catalogue["categories"], catalogue["calls"]
    criteria = samples(categories)[field]

    listed = through_filterset(criteria, categories)
    assert through_alert_form(criteria, categories) == criteria
    alert = alert_with(criteria)
    assert Alert.objects.get(pk=alert.pk).criteria() == criteria
    checked = set(alert_matching_calls(alert).values_list("pk", flat=True))
    matched = set(match_calls([c.pk for c in calls]).by_alert.get(alert.pk, []))

    assert listed == checked == matched
    assert 0 < len(listed) < len(calls)  # the sample tells calls apart: the test can fail


def test_several_criteria_together_find_the_same_calls_everywhere(catalogue):
    categories, calls = catalogue["categories"], catalogue["calls"]
    criteria = CallCriteria(
        q="apprenticeship", category_ids=(categories[0].pk,), regions=(Region.AFRICA,), amount_max_usd=Decimal(30_000)
    )
    listed = through_filterset(criteria, categories)
    alert = alert_with(criteria)
    checked = set(alert_matching_calls(alert).values_list("pk", flat=True))
    matched = set(match_calls([c.pk for c in calls]).by_alert.get(alert.pk, []))
    assert listed == checked == matched == {calls[2].pk}


def test_several_values_of_a_criterion_mean_any_of_them_for_the_alert_check_and_the_matcher(catalogue):
    calls = catalogue["calls"]
    criteria = CallCriteria(countries=("NG", "KE"), applicant_types=(ApplicantType.NGO, ApplicantType.TRAINING_PROVIDER))
    alert = alert_with(criteria)
    checked = set(alert_matching_calls(alert).values_list("pk", flat=True))
    matched = set(match_calls([c.pk for c in calls]).by_alert.get(alert.pk, []))
    assert checked == matched == {calls[2].pk, calls[3].pk}


def test_criteria_that_mean_the_same_compare_equal():
    assert CallCriteria(q="  youth ", countries=["ng", "NG"], regions=["africa"]) == CallCriteria(
        q="youth", countries=("NG",), regions=("africa",)
    )
    assert CallCriteria().is_empty
    assert CallCriteria(q="youth", category_ids=(3,)).without("q", "category") == CallCriteria()


def test_the_open_now_rule_is_the_same_for_the_queryset_and_a_call_s_own_lifecycle():
    now = timezone.now()
    cases = [
        FundingCallFactory(deadline=now + timedelta(days=3)),
        FundingCallFactory(deadline=now - timedelta(days=1)),
        FundingCallFactory(deadline=None, is_rolling=True),
        FundingCallFactory(opens_on=(now + timedelta(days=5)).date(), deadline=now + timedelta(days=40)),
    ]
    open_now = set(FundingCall.objects.open_now(now).values_list("pk", flat=True))
    assert open_now == {c.pk for c in cases if c.lifecycle_at(now) in ("open", "closing_soon")}

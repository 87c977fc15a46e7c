"""The catalogue's filters, one by one and combined, through call_search (the selector
every page uses) and through the list page's query string."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
from funds.selectors import call_search
from tests.factories.funds import FunderFactory, FundingCallFactory
from tests.factories.members import LanguageFactory, SkillCategoryFactory

pytestmark = pytest.mark.django_db


def titles(data, **kwargs) -> set[str]:
    search = call_search(data=data, **kwargs)
    assert search.is_valid, search.form.errors
    return {c.title for c in search.queryset}


@pytest.fixture
def rpl():
    return SkillCategoryFactory(slug="rpl-certification")


@pytest.fixture
def guidance():
    return SkillCategoryFactory(slug="career-guidance")


def test_only_published_calls_are_listed():
    FundingCallFactory(title="Published")
    for state in (EditorialStatus.DRAFT, EditorialStatus.PENDING, EditorialStatus.REJECTED, EditorialStatus.ARCHIVED):
        FundingCallFactory(title=f"Not {state}", status=state)
    assert titles({}) == {"Published"}


def test_category_filter_keeps_calls_in_any_of_the_chosen_categories(rpl, guidance):
    other = SkillCategoryFactory(slug="skills-data")
    FundingCallFactory(title="RPL", categories=[rpl])
    FundingCallFactory(title="Guidance", categories=[guidance])
    FundingCallFactory(title="Both", categories=[rpl, guidance])
    FundingCallFactory(title="Data", categories=[other])
    assert titles({"category": "rpl-certification"}) == {"RPL", "Both"}
    search = call_search(data=_multi(category=["rpl-certification", "career-guidance"]))
    assert {c.title for c in search.queryset} == {"RPL", "Guidance", "Both"}
    # A call in two chosen categories appears once.
    assert search.queryset.count() == 3


def test_unknown_category_is_a_form_error_not_an_empty_list(rpl):
    search = call_search(data={"category": "no-such-category"})
    assert not search.is_valid
    assert "category" in search.form.errors


def test_inactive_categories_cannot_be_chosen(rpl):
    SkillCategoryFactory(slug="retired", is_active=False)
    assert not call_search(data={"category": "retired"}).is_valid


def test_region_filter_matches_worldwide_calls_and_calls_open_to_the_region():
    FundingCallFactory(title="Worldwide", is_global=True)
    FundingCallFactory(title="Africa", is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Kenya only", is_global=False, eligible_countries=["KE"])
    FundingCallFactory(title="Americas", is_global=False, eligible_regions=["americas"])
    assert titles({"region": "africa"}) == {"Worldwide", "Africa", "Kenya only"}
    assert titles({"region": "americas"}) == {"Worldwide", "Americas"}


def test_country_filter_matches_global_listed_country_and_explicit_region_but_not_neighbours():
    FundingCallFactory(title="Worldwide", is_global=True)
    FundingCallFactory(title="Africa", is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Kenya and Uganda", is_global=False, eligible_countries=["KE", "UG"])
    FundingCallFactory(title="Uganda", is_global=False, eligible_countries=["UG"])
    FundingCallFactory(title="Nigeria only", is_global=False, eligible_countries=["NG"])
    FundingCallFactory(title="Peru", is_global=False, eligible_countries=["PE"])
    assert titles({"country": "KE"}) == {"Worldwide", "Africa", "Kenya and Uganda"}
    assert titles({"country": "UG"}) == {"Worldwide", "Africa", "Kenya and Uganda", "Uganda"}
    assert titles({"country": "PE"}) == {"Worldwide", "Peru"}


def test_country_filter_does_not_match_a_code_inside_another_code():
    # "GB" must not match a stored "GBX"-like neighbour or a prefix of the list.
    FundingCallFactory(title="Gabon", is_global=False, eligible_countries=["GA"])
    FundingCallFactory(title="Britain", is_global=False, eligible_countries=["GB", "GA"])
    assert titles({"country": "GB"}) == {"Britain"}
    assert titles({"country": "GA"}) == {"Gabon", "Britain"}


def test_unknown_country_code_is_a_form_error():
    assert not call_search(data={"country": "XX"}).is_valid


def test_instrument_filter_accepts_several_values():
    FundingCallFactory(title="Grant", instrument=Instrument.PROJECT_GRANT)
    FundingCallFactory(title="Prize", instrument=Instrument.CHALLENGE)
    FundingCallFactory(title="Loan", instrument=Instrument.LOAN)
    assert titles(_multi(instrument=["project_grant", "challenge"])) == {"Grant", "Prize"}


def test_funder_type_filter():
    FundingCallFactory(title="ILO", funder=FunderFactory(type=FunderType.ILO))
    FundingCallFactory(title="Bank", funder=FunderFactory(type=FunderType.DEVELOPMENT_BANK))
    assert titles({"funder_type": "ilo"}) == {"ILO"}


def test_applicant_type_filter_matches_whole_codes_only():
    FundingCallFactory(title="NGOs", applicant_types=[ApplicantType.NGO, ApplicantType.SME])
    FundingCallFactory(title="SMEs", applicant_types=[ApplicantType.SME])
    FundingCallFactory(title="Social enterprises", applicant_types=[ApplicantType.SOCIAL_ENTERPRISE])
    assert titles({"applicant_type": "ngo"}) == {"NGOs"}
    assert titles({"applicant_type": "sme"}) == {"NGOs", "SMEs"}


def test_language_filter_by_code():
    fr = LanguageFactory(code="fr", name_en="French")
    es = LanguageFactory(code="es", name_en="Spanish")
    FundingCallFactory(title="French", languages=[fr])
    FundingCallFactory(title="Both", languages=[fr, es])
    FundingCallFactory(title="None")
    assert titles({"language": "fr"}) == {"French", "Both"}
    assert titles({"language": "es"}) == {"Both"}


def test_language_choices_are_the_languages_some_published_call_accepts():
    fr = LanguageFactory(code="fr", name_en="French")
    LanguageFactory(code="es", name_en="Spanish")
    FundingCallFactory(languages=[fr])
    search = call_search(data={})
    codes = [code for code, _label in search.form.fields["language"].choices if code]
    assert codes == ["fr"]
    assert not call_search(data={"language": "es"}).is_valid


def test_amount_range_filters_on_the_amount_in_usd():
    FundingCallFactory(title="Small", amount_min=1_000, amount_max=5_000, amount_usd=5_000)
    FundingCallFactory(title="Medium", amount_min=None, amount_max=None, amount_usd=Decimal("50000.00"))
    FundingCallFactory(title="Large", amount_max=1_000_000, amount_usd=1_000_000)
    FundingCallFactory(title="Unknown", amount_min=None, amount_max=None, amount_usd=None)
    assert titles({"amount_min": "10000"}) == {"Medium", "Large"}
    assert titles({"amount_max": "50000"}) == {"Small", "Medium"}
    assert titles({"amount_min": "10000", "amount_max": "60000"}) == {"Medium"}


def test_amount_minimum_above_maximum_is_a_form_error():
    search = call_search(data={"amount_min": "5000", "amount_max": "100"})
    assert not search.is_valid
    assert "amount_max" in search.form.errors


@pytest.mark.parametrize("value", ["abc", "-5", "1e400", "NaN", "Infinity", "12345678901234567"])
def test_bad_amounts_are_form_errors(value):
    search = call_search(data={"amount_min": value})
    assert not search.is_valid
    assert "amount_min" in search.form.errors


def test_status_filter_follows_the_dates():
    now = timezone.now()
    FundingCallFactory(title="Open", deadline=now + timedelta(days=60))
    FundingCallFactory(title="Closing soon", deadline=now + timedelta(days=3))
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    FundingCallFactory(title="Upcoming", opens_on=(now + timedelta(days=10)).date(), deadline=now + timedelta(days=90))
    FundingCallFactory(title="Closed", deadline=now - timedelta(days=1))
    assert titles({"status": "open"}) == {"Open", "Closing soon", "Rolling"}
    assert titles({"status": "closing_soon"}) == {"Closing soon"}
    assert titles({"status": "upcoming"}) == {"Upcoming"}
    assert titles({"status": "closed"}) == {"Closed"}


def test_closing_within_days_keeps_open_calls_closing_in_that_window():
    now = timezone.now()
    FundingCallFactory(title="In 5 days", deadline=now + timedelta(days=5))
    FundingCallFactory(title="In 20 days", deadline=now + timedelta(days=20))
    FundingCallFactory(title="Yesterday", deadline=now - timedelta(days=1))
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    assert titles({"closing_within": "7"}) == {"In 5 days"}
    assert titles({"closing_within": "30"}) == {"In 5 days", "In 20 days"}


@pytest.mark.parametrize("value", ["0", "-1", "367", "abc", "2.5"])
def test_closing_within_rejects_values_out_of_range(value):
    assert not call_search(data={"closing_within": value}).is_valid


def test_added_within_uses_the_publication_date():
    now = timezone.now()
    FundingCallFactory(title="This week", published_at=now - timedelta(days=2))
    FundingCallFactory(title="This month", published_at=now - timedelta(days=20))
    FundingCallFactory(title="Old", published_at=now - timedelta(days=90))
    assert titles({"added_within": "7"}) == {"This week"}
    assert titles({"added_within": "30"}) == {"This week", "This month"}
    assert not call_search(data={"added_within": "365"}).is_valid


def test_rolling_filter():
    FundingCallFactory(title="Rolling", deadline=None, is_rolling=True)
    FundingCallFactory(title="Fixed")
    assert titles({"rolling": "1"}) == {"Rolling"}
    assert titles({}) == {"Rolling", "Fixed"}


def test_filters_combine_with_and(rpl):
    now = timezone.now()
    fr = LanguageFactory(code="fr", name_en="French")
    FundingCallFactory(
        title="Match", categories=[rpl], is_global=False, eligible_regions=["africa"], languages=[fr],
        instrument=Instrument.CHALLENGE, amount_usd=80_000, deadline=now + timedelta(days=10),
    )
    FundingCallFactory(title="Wrong region", categories=[rpl], is_global=False, eligible_regions=["americas"], languages=[fr],
                       instrument=Instrument.CHALLENGE, amount_usd=80_000, deadline=now + timedelta(days=10))
    FundingCallFactory(title="Wrong category", is_global=False, eligible_regions=["africa"], languages=[fr],
                       instrument=Instrument.CHALLENGE, amount_usd=80_000, deadline=now + timedelta(days=10))
    FundingCallFactory(title="Too small", categories=[rpl], is_global=False, eligible_regions=["africa"], languages=[fr],
                       instrument=Instrument.CHALLENGE, amount_usd=1_000, deadline=now + timedelta(days=10))
    FundingCallFactory(title="Closes later", categories=[rpl], is_global=False, eligible_regions=["africa"], languages=[fr],
                       instrument=Instrument.CHALLENGE, amount_usd=80_000, deadline=now + timedelta(days=100))
    data = {
        "category": "rpl-certification", "region": "africa", "country": "KE", "language": "fr",
        "instrument": "challenge", "amount_min": "50000", "status": "open", "closing_within": "30",
    }
    assert titles(data) == {"Match"}


def test_the_list_page_reads_every_filter_from_the_query_string(client, rpl):
    FundingCallFactory(title="Apprenticeship fund for Africa", categories=[rpl], is_global=False, eligible_regions=["africa"])
    FundingCallFactory(title="Apprenticeship fund for the Americas", categories=[rpl], is_global=False, eligible_regions=["americas"])
    response = client.get("/funds/?category=rpl-certification&region=africa&status=open")
    assert response.status_code == 200
    assert b"Apprenticeship fund for Africa" in response.content
    assert b"Apprenticeship fund for the Americas" not in response.content


def _multi(**lists):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for key, values in lists.items():
        q.setlist(key, values)
    return q

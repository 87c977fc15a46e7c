"""Every filter with every valid value renders: the full page, the JavaScript fragment,
signed in or not, and the exports. (Hostile values are in test_bad_input.py; a valid
?country= once raised a 500 while building its removable chip.)"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.forms import ChoiceField, DecimalField, MultipleChoiceField, NullBooleanField

from funds import selectors
from tests.factories.funds import FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def _valid_values(field) -> list[str]:
    """Every value the field accepts from its choices, or a typical one."""
    if isinstance(field, MultipleChoiceField | ChoiceField):
        return [str(value) for value, _label in field.choices if value not in ("", None)]
    if isinstance(field, DecimalField):
        return ["10"]
    if isinstance(field, NullBooleanField):
        return ["true", "false"]
    return ["apprenticeship"]


def _every_filter_value() -> list[tuple[str, str]]:
    FundingCallFactory(title="Apprenticeship call")  # so that the language choices are not empty
    form = selectors.call_search(data={}).form
    return [(name, value) for name, field in form.fields.items() for value in _valid_values(field)]


def test_every_valid_filter_value_renders_the_list_its_fragment_and_a_removable_chip(client):
    pairs = _every_filter_value()
    assert len(pairs) > 250  # every country, category, region, instrument, ...
    for name, value in pairs:
        query = urlencode({name: value})
        page = client.get(f"/funds/?{query}")
        assert page.status_code == 200, (name, value, page.status_code)
        if name != "country" or value in ("KE", "SN", "BR"):  # the same code for every country
            fragment = client.get(f"/funds/?{query}", headers={"X-Requested-With": "fetch"})
            assert fragment.status_code == 200, (name, value)


@pytest.mark.parametrize("path", ["/funds/export.csv", "/funds/feed/", "/funds/deadlines.ics"])
def test_every_valid_filter_value_works_for_the_exports(client, path):
    for name, value in _every_filter_value():
        if name == "country" and value not in ("KE", "SN", "BR"):
            continue  # a few countries are enough here; the list page tries them all
        response = client.get(f"{path}?{urlencode({name: value})}")
        assert response.status_code == 200, (path, name, value)


def test_every_valid_filter_value_renders_for_a_signed_in_member(client):
    client.force_login(UserFactory())
    for name, value in _every_filter_value():
        if name == "country" and value not in ("KE", "SN", "BR"):
            continue
        assert client.get(f"/funds/?{urlencode({name: value})}").status_code == 200, (name, value)


def test_all_filters_together_render(client):
    FundingCallFactory(title="Apprenticeship call")
    query = "q=apprenticeship&category=rpl-certification&category=work-based-learning&region=africa&country=KE" \
        "&instrument=project_grant&funder_type=ilo&applicant_type=ngo&amount_min=10&amount_max=1000000" \
        "&status=open&closing_within=30&added_within=7&rolling=true&sort=amount&page=2"
    assert client.get(f"/funds/?{query}").status_code == 200
    assert client.get(f"/funds/?{query}", headers={"X-Requested-With": "fetch"}).status_code == 200

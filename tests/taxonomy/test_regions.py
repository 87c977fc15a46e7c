from __future__ import annotations

from django_countries import countries

from taxonomy.regions import COUNTRY_REGION, Region, countries_in_region, region_for_country


def test_every_country_django_countries_knows_has_a_region():
    missing = sorted(code for code, _name in countries if not region_for_country(code))
    assert missing == []


def test_every_region_has_countries_and_the_map_uses_only_the_five_regions():
    assert set(COUNTRY_REGION.values()) == set(Region.values)
    for region in Region.values:
        assert countries_in_region(region)


def test_no_country_belongs_to_two_regions():
    seen = [code for region in Region.values for code in countries_in_region(region)]
    assert len(seen) == len(set(seen))


def test_region_lookup_is_case_insensitive_and_tolerates_empty_codes():
    assert region_for_country("ke") == "africa"
    assert region_for_country("JO") == "arab-states"
    assert region_for_country("") == ""
    assert region_for_country(None) == ""
    assert region_for_country("ZZ") == ""

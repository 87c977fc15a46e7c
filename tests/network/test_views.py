"""The map's pages and JSON: filters in the URL, what each viewer may see, bad input."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.urls import reverse

from members.models import Organization
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db

MAP = reverse("network:map")
DATA = reverse("network:map-data")
TEXT = reverse("network:map-text")


def _org_labels(payload):
    return {n["label"] for n in payload["nodes"] if n["type"] == "organization"}


def _text_slugs(response):
    return set(re.findall(r'data-organization="([^"]+)"', response.content.decode()))


def test_the_map_page_summarises_the_map_in_words_and_links_its_text_version(client, refreshed):
    response = client.get(MAP)

    assert response.status_code == 200
    assert "The map shows 4 organizations and 3 links between them." in response.content.decode()
    assert 'role="img" aria-labelledby="map-summary"' in response.content.decode()
    assert f'href="{TEXT}"' in response.content.decode()


def test_the_public_json_has_approved_organizations_and_no_members_only_data(client, refreshed):
    payload = client.get(DATA).json()

    assert _org_labels(payload) == {"Kenya Skills", "Lagos Trades", "Lima Oficios", "Hidden Works"}
    assert payload["counts"] == {"organizations": 4, "links": 3}
    text = str(payload)
    assert "Pending Org" not in text and refreshed["pending"].slug not in text
    assert "Train 500 solar technicians" not in text  # project texts come with the panel
    hidden = f"org:{refreshed['hidden'].pk}"
    # Hidden Works is on the public map, without what its members-only person works on.
    assert {
        kind for source, target, kind, _w, _link in payload["edges"] if hidden in (source, target)
    } == {
        "country",
        "language",
    }


def test_the_json_comes_compressed_to_browsers_that_accept_gzip(client, refreshed):
    plain = client.get(DATA)
    compressed = client.get(DATA, headers={"accept-encoding": "gzip, deflate, br"})

    assert compressed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()


def test_the_map_page_preloads_the_json_its_script_fetches(client, refreshed):
    page = client.get(MAP, {"region": "africa"}).content.decode()

    preload = re.search(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', page)
    assert preload and f'data-url="{preload.group(1)}"' in page
    assert preload.group(1) == f"{DATA}?region=africa"


def test_members_see_the_links_that_members_only_profiles_make(client, refreshed):
    client.force_login(ApprovedMemberFactory().user)

    payload = client.get(DATA).json()

    assert payload["counts"] == {"organizations": 4, "links": 6}


def test_an_organization_no_longer_approved_leaves_the_map_before_the_job_runs_again(
    client, refreshed
):
    Organization.objects.filter(pk=refreshed["lagos"].pk).update(
        review_status=Organization.ReviewStatus.REJECTED
    )

    payload = client.get(DATA).json()

    assert "Lagos Trades" not in _org_labels(payload)
    assert "Lagos Trades" not in client.get(TEXT).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=americas", {"Lima Oficios"}),
        ("country=NG", {"Lagos Trades"}),
        ("category=green-skills", {"Kenya Skills", "Lagos Trades", "Lima Oficios"}),
        ("language=sw", {"Kenya Skills"}),
        ("keyword=rpl", {"Kenya Skills", "Lagos Trades"}),
        ("keyword=rpl&keyword=solar", {"Kenya Skills", "Lagos Trades", "Lima Oficios"}),
        ("q=lima", {"Lima Oficios"}),
        ("region=africa&keyword=rpl&language=sw", {"Kenya Skills"}),
    ],
)
def test_filters_in_the_url_narrow_the_json_and_the_text_version_alike(
    client, refreshed, query, expected
):
    payload = client.get(f"{DATA}?{query}").json()
    text = client.get(f"{TEXT}?{query}")

    assert _org_labels(payload) == expected
    slugs = {n["slug"] for n in payload["nodes"] if n["type"] == "organization"}
    assert _text_slugs(text) == slugs


def test_focus_shows_an_organization_and_the_ones_linked_to_it(client, refreshed):
    payload = client.get(f"{DATA}?focus={refreshed['lima'].slug}").json()

    assert _org_labels(payload) == {"Lima Oficios", "Kenya Skills", "Lagos Trades"}
    assert payload["counts"]["links"] == 3


def test_the_text_version_lists_the_same_organizations_as_the_json(client, refreshed):
    payload = client.get(DATA).json()
    response = client.get(TEXT)

    assert response.status_code == 200
    assert _text_slugs(response) == {
        n["slug"] for n in payload["nodes"] if n["type"] == "organization"
    }
    assert "Lagos Trades" in response.content.decode()  # Kenya's connections, by name


@pytest.mark.parametrize("url", [TEXT, DATA, MAP])
def test_the_map_needs_the_same_queries_for_many_organizations(
    client, refreshed, django_assert_max_num_queries, url
):
    from members.network.services import network_refresh
    from tests.factories.members import OrganizationFactory

    OrganizationFactory.create_batch(30, country="FR")
    network_refresh()

    # The stored graph, the approved organizations' ids, the label tables, the filters'
    # choices: never one per organization.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "region=mars",
        "country=XX",
        "category=nothing",
        "language=zz",
        "keyword=nothing",
        "keyword=a&keyword=b&keyword=c&keyword=d&keyword=e&keyword=f",
        "keyword=" + "x" * 500,
        "q=" + "x" * 101,
        "focus=not%20a%20slug",
        "focus=no-such-organization",
    ],
)
def test_bad_parameters_get_a_clear_message_and_a_400(client, refreshed, query):
    data = client.get(f"{DATA}?{query}")
    page = client.get(f"{MAP}?{query}")
    text = client.get(f"{TEXT}?{query}")

    assert data.status_code == page.status_code == text.status_code == 400
    assert data.json()["errors"]
    assert "Some filters could not be used" in page.content.decode()


def test_focusing_a_private_organization_says_no_more_than_for_one_that_does_not_exist(
    client, refreshed
):
    private = client.get(f"{DATA}?focus={refreshed['pending'].slug}")
    missing = client.get(f"{DATA}?focus=no-such-organization")

    assert private.status_code == missing.status_code == 400
    assert private.json() == missing.json()
    assert "Pending" not in client.get(f"{MAP}?focus={refreshed['pending'].slug}").content.decode()


def test_the_map_says_it_is_being_prepared_before_the_first_job(client, small_network):
    response = client.get(MAP)

    assert response.status_code == 200
    assert "The map is being prepared" in response.content.decode()
    assert client.get(DATA).json()["nodes"] == []


def test_the_panel_shows_the_project_and_a_link_to_the_profile(client, refreshed):
    kenya = refreshed["kenya"]

    response = client.get(reverse("network:organization-panel", kwargs={"slug": kenya.slug}))

    assert response.status_code == 200
    assert "Train 500 solar technicians." in response.content.decode()
    assert kenya.get_absolute_url() in response.content.decode()


def test_the_panel_lists_members_only_people_to_members_only(client, refreshed):
    url = reverse("network:organization-panel", kwargs={"slug": refreshed["hidden"].slug})
    person = refreshed["hidden"].people.get()

    assert person.full_name not in client.get(url).content.decode()
    client.force_login(ApprovedMemberFactory().user)
    assert person.full_name in client.get(url).content.decode()


def test_the_panel_of_an_organization_not_on_the_map_is_a_404_without_its_name(client, refreshed):
    response = client.get(
        reverse("network:organization-panel", kwargs={"slug": refreshed["pending"].slug})
    )

    assert response.status_code == 404
    assert "Pending Org" not in response.content.decode()


def test_the_text_version_names_countries_and_categories_in_the_readers_language(client, refreshed):
    french = client.get(f"/fr{TEXT}?country=PE").content.decode()
    english = client.get(f"{TEXT}?country=PE").content.decode()

    assert "Pérou" in french and "Compétences vertes" in french
    assert "Peru" in english and "Green skills" in english

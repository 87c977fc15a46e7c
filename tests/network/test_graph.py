"""The graph the metrics job builds and stores: counts, threshold, what each audience sees."""

from __future__ import annotations

import pytest
from django.test import override_settings

from members.network.edges import Link, register_edge_source, unregister_edge_source
from members.network.models import Audience, NetworkGraph
from members.network.services import network_refresh

pytestmark = pytest.mark.django_db


def _graph(audience):
    return NetworkGraph.objects.get(audience=audience).data


def _org_links(data):
    names = {n["id"]: n["label"] for n in data["nodes"] if n["type"] == "organization"}
    return {
        (frozenset((names[e["source"]], names[e["target"]])), e["kind"], e["weight"])
        for e in data["edges"]
        if e["source"] in names and e["target"] in names
    }


def test_the_members_graph_has_every_approved_organization_its_clusters_and_links(refreshed):
    data = _graph(Audience.MEMBERS)

    types = [n["type"] for n in data["nodes"]]
    assert types.count("organization") == 4  # the pending one is not on the map
    assert types.count("category") == 1
    assert types.count("keyword") == 2
    assert types.count("country") == 3  # KE, NG, PE
    assert types.count("region") == 2
    assert types.count("language") == 3
    assert _org_links(data) == {
        (frozenset({"Kenya Skills", "Lagos Trades"}), "shared", 5.0),
        (frozenset({"Kenya Skills", "Lima Oficios"}), "shared", 3.0),
        (frozenset({"Lagos Trades", "Lima Oficios"}), "shared", 3.0),
        (frozenset({"Hidden Works", "Kenya Skills"}), "shared", 5.0),
        (frozenset({"Hidden Works", "Lagos Trades"}), "shared", 5.0),
        (frozenset({"Hidden Works", "Lima Oficios"}), "shared", 3.0),
    }


def test_a_higher_threshold_keeps_only_the_links_that_share_more(small_network):
    with override_settings(NETWORK_MAP_LINK_THRESHOLD=4):
        network_refresh()

    assert {pair for pair, _kind, _w in _org_links(_graph(Audience.MEMBERS))} == {
        frozenset({"Kenya Skills", "Lagos Trades"}),
        frozenset({"Hidden Works", "Kenya Skills"}),
        frozenset({"Hidden Works", "Lagos Trades"}),
    }


def test_the_public_graph_is_built_from_public_profiles_only(refreshed):
    data = _graph(Audience.PUBLIC)
    hidden = next(n for n in data["nodes"] if n["label"] == "Hidden Works")

    assert hidden["keywords"] == [] and hidden["categories"] == []
    assert not any("Hidden Works" in pair for pair, _k, _w in _org_links(data))
    assert "Pending Org" not in {n.get("label") for n in data["nodes"]}


def test_every_node_has_a_position_and_every_organization_its_metrics(refreshed):
    data = _graph(Audience.MEMBERS)

    assert all(0 <= n["x"] <= 1000 and 0 <= n["y"] <= 1000 for n in data["nodes"])
    kenya = next(n for n in data["nodes"] if n["label"] == "Kenya Skills")
    assert kenya["degree"] == 3
    assert kenya["regions"] == 2  # Africa and, through Lima, the Americas


def test_a_registered_edge_source_adds_its_links_and_changes_the_signature(refreshed):
    before = NetworkGraph.objects.get(audience=Audience.MEMBERS).signature
    kenya, lima = refreshed["kenya"].pk, refreshed["lima"].pk

    def co_attended(organization_ids):
        yield Link(source=lima, target=kenya, weight=2)
        yield Link(source=kenya, target=lima, weight=1)  # the same pair: weights add up
        yield Link(source=kenya, target=999_999, weight=5)  # not on the map: dropped

    register_edge_source("co_attended", label="Attended sessions together", links=co_attended, public=False)
    try:
        assert network_refresh() == {"public": False, "members": True}
    finally:
        unregister_edge_source("co_attended")

    graph = NetworkGraph.objects.get(audience=Audience.MEMBERS)
    assert graph.signature != before
    assert (frozenset({"Kenya Skills", "Lima Oficios"}), "co_attended", 3.0) in _org_links(graph.data)
    assert not any(kind == "co_attended" for _p, kind, _w in _org_links(_graph(Audience.PUBLIC)))

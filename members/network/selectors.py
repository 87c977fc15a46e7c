"""Reads of the network map: the stored graph, filtered for one viewer, labelled in their
language. A fixed number of queries whatever the size of the network (the stored graph,
the ids of approved organizations, three label tables).

Safety: the stored graph may be a few minutes old, so every read keeps only organizations
approved *now*; the public reads the graph built from public profiles only.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import get_language, override
from django_countries import countries

from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import Region

from ..models import MemberProfile, Organization
from .edges import edge_label
from .models import Audience, HealthSnapshot, NetworkGraph

CLUSTER_EDGES_UP_TO = 300  # organizations on the canvas; see map_json
MAX_CONNECTIONS_LISTED = 12  # per organization in the text version; the rest as a count


def audience_for(user) -> str:
    """Members (and staff) see the members' graph; everyone else the public one."""
    if user is not None and user.is_authenticated and user.is_network_member:
        return Audience.MEMBERS
    return Audience.PUBLIC


def stored_graph(*, user) -> NetworkGraph | None:
    return NetworkGraph.objects.filter(audience=audience_for(user)).first()


class UnknownFocus(LookupError):
    """The focus names no organization on this viewer's map (or a private one)."""


def _matches(node: dict, criteria: dict) -> bool:
    if criteria["region"] and node["region"] != criteria["region"]:
        return False
    if criteria["country"] and node["country"] != criteria["country"]:
        return False
    if criteria["category"] and criteria["category"] not in node["categories"]:
        return False
    if criteria["language"] and criteria["language"] not in node["languages"]:
        return False
    if criteria["keywords"] and not criteria["keywords"] & set(node["keywords"]):
        return False
    label = node["label"].casefold()
    return all(word in label for word in criteria["words"])


@cache
def _country_names(language: str) -> dict[str, str]:
    """Country names in one language (django-countries translates each name per call)."""
    with override(language):
        return {code: str(name) for code, name in countries}


def _labels(nodes: list[dict]) -> dict[str, str]:
    """Node id → label in the active language, for the attribute nodes given."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        wanted[node["type"]].add(node["key"])
    labels: dict[str, str] = {}
    for model, kind, field in (
        (SkillCategory, "category", "slug"),
        (Expertise, "keyword", "slug"),
        (Language, "language", "code"),
    ):
        if wanted[kind]:
            for item in model.objects.filter(**{f"{field}__in": wanted[kind]}):
                labels[f"{kind}:{getattr(item, field)}"] = str(item.name)
    names = _country_names(get_language() or settings.LANGUAGE_CODE)
    for code in wanted["country"]:
        labels[f"country:{code}"] = names.get(code, code)
    for key in wanted["region"]:
        labels[f"region:{key}"] = str(Region(key).label) if key in Region.values else key
    return labels


def _cluster_edges(organizations: list[dict], nodes: dict[str, dict]) -> list[dict]:
    """The bipartite edges of these organizations (to their categories, keywords,
    languages and country) and of their countries to regions: they follow from the nodes,
    so the stored graph keeps only org ↔ org edges (members.network.graph)."""
    edges = []
    countries_shown = set()
    for n in organizations:
        for kind, values in (
            ("category", n["categories"]),
            ("keyword", n["keywords"]),
            ("language", n["languages"]),
            ("country", [n["country"]] if n["country"] else []),
        ):
            for value in values:
                edges.append({"source": n["id"], "target": f"{kind}:{value}", "kind": kind, "weight": 1})
        if n["country"]:
            countries_shown.add(f"country:{n['country']}")
    for country in sorted(countries_shown):
        region = nodes.get(country, {}).get("region")
        if region:
            edges.append({"source": country, "target": f"region:{region}", "kind": "region", "weight": 1})
    return edges


def map_graph(*, user, criteria: dict) -> dict:
    """The graph this viewer may see, narrowed by the map's filters (forms.MapFilterForm
    .criteria()): organizations matching every filter (any of the keywords), and with
    `focus` only the focused organization and the ones linked to it. Attribute nodes are
    those the chosen organizations link to.

    Returns {"nodes" (organizations, then attribute nodes), "organizations" (org nodes,
    by name), "links" (org ↔ org edges), "labels", "all_nodes", "computed_at", "ready"}. Raises UnknownFocus when the focus is not on the map.
    """
    graph = stored_graph(user=user)
    empty = {"nodes": [], "all_nodes": {}, "organizations": [], "links": [], "labels": {}, "computed_at": None}
    if graph is None:
        if criteria["focus"]:
            raise UnknownFocus(criteria["focus"])
        return {**empty, "ready": False}
    listed = set(Organization.objects.listed().values_list("pk", flat=True))
    nodes = {n["id"]: n for n in graph.data.get("nodes", [])}
    visible = {
        node_id
        for node_id, n in nodes.items()
        if n["type"] == "organization" and n["org"] in listed
    }
    org_edges = [
        e for e in graph.data.get("edges", []) if e["source"] in visible and e["target"] in visible
    ]
    chosen = {node_id for node_id in visible if _matches(nodes[node_id], criteria)}
    if criteria["focus"]:
        focus = next((i for i in visible if nodes[i]["slug"] == criteria["focus"]), None)
        if focus is None:
            raise UnknownFocus(criteria["focus"])
        around = {focus}
        for e in org_edges:
            if focus in (e["source"], e["target"]):
                around |= {e["source"], e["target"]}
        chosen = (chosen & around) | {focus}
    links = [e for e in org_edges if e["source"] in chosen and e["target"] in chosen]
    attribute_ids = set()
    for i in chosen:
        n = nodes[i]
        attribute_ids.update(f"category:{v}" for v in n["categories"])
        attribute_ids.update(f"keyword:{v}" for v in n["keywords"])
        attribute_ids.update(f"language:{v}" for v in n["languages"])
        if n["country"]:
            country = f"country:{n['country']}"
            attribute_ids.add(country)
            region = nodes.get(country, {}).get("region")
            if region:
                attribute_ids.add(f"region:{region}")
    attributes = [nodes[i] for i in sorted(attribute_ids) if i in nodes]
    labels = _labels(attributes)
    degree: dict[str, int] = defaultdict(int)
    for e in links:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    # One reverse() for all: slugs are URL-safe, so the pattern only needs the slug swapped.
    profile_url = reverse("members:organization-detail", kwargs={"slug": "organization-slug"})
    organizations = sorted(
        (
            {
                **nodes[i],
                "url": profile_url.replace("organization-slug", nodes[i]["slug"]),
                "links_shown": degree[i],
            }
            for i in chosen
        ),
        key=lambda n: (n["label"].casefold(), n["org"]),
    )
    return {
        "nodes": organizations
        + [{**n, "label": labels.get(n["id"], n["key"])} for n in attributes],
        "all_nodes": nodes,
        "organizations": organizations,
        "links": links,
        "labels": labels,
        "computed_at": graph.computed_at,
        "ready": True,
    }


def map_json(result: dict) -> dict:
    """The JSON the map's script draws: only what the canvas needs (no text fields).
    Edges are [source, target, kind, weight, 1 for an org ↔ org link else 0]: the links,
    then the cluster edges. Past CLUSTER_EDGES_UP_TO organizations the cluster edges are
    left out (thousands of lines to every category say nothing a reader can see, and slow
    the first draw): organizations are still placed among their clusters, and
    "clusters_drawn" says so."""
    org_keys = ("id", "type", "label", "slug", "url", "x", "y", "region", "country", "degree", "regions")
    attribute_keys = ("id", "type", "label", "x", "y")
    edges = [[e["source"], e["target"], e["kind"], e["weight"], 1] for e in result["links"]]
    clusters_drawn = len(result["organizations"]) <= CLUSTER_EDGES_UP_TO
    if clusters_drawn:
        edges += [
            [e["source"], e["target"], e["kind"], e["weight"], 0]
            for e in _cluster_edges(result["organizations"], result["all_nodes"])
        ]
    return {
        "nodes": [
            {k: n.get(k) for k in (org_keys if n["type"] == "organization" else attribute_keys)}
            for n in result["nodes"]
        ],
        "edges": edges,
        "counts": {"organizations": len(result["organizations"]), "links": len(result["links"])},
        "clusters_drawn": clusters_drawn,
        "computed_at": result["computed_at"].isoformat() if result["computed_at"] else None,
    }


def text_rows(result: dict, organizations: list[dict]) -> list[dict]:
    """The text version of some of map_graph's organizations (a page of them): each with
    its links (name, kind, weight) and the clusters it belongs to, labelled."""
    by_id = {n["id"]: n for n in result["organizations"]}
    wanted = {n["id"] for n in organizations}
    connections: dict[str, list[dict]] = defaultdict(list)
    for e in result["links"]:
        for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
            if a in wanted:
                connections[a].append(
                    {"organization": by_id[b], "kind": edge_label(e["kind"]), "weight": e["weight"]}
                )
    labels = result["labels"]
    # One reverse() each: the focus links only differ by the slug.
    text_url = reverse("network:map-text") + "?focus="
    map_url = reverse("network:map") + "?focus="
    rows = []
    for n in organizations:
        linked = sorted(
            connections[n["id"]], key=lambda c: (-c["weight"], c["organization"]["label"])
        )
        rows.append(
            {
                "node": n,
                "region": labels.get(f"region:{n['region']}", ""),
                "country": labels.get(f"country:{n['country']}", n["country"]),
                "categories": [labels.get(f"category:{k}", k) for k in n["categories"]],
                "keywords": [labels.get(f"keyword:{k}", k) for k in n["keywords"]],
                "languages": [labels.get(f"language:{k}", k) for k in n["languages"]],
                "connections": [
                    {**c, "url": text_url + c["organization"]["slug"]}
                    for c in linked[:MAX_CONNECTIONS_LISTED]
                ],
                "connection_count": len(linked),
                "more_connections": max(len(linked) - MAX_CONNECTIONS_LISTED, 0),
                "map_url": map_url + n["slug"],
            }
        )
    return rows


def panel_organization(*, user, slug: str) -> Organization | None:
    """An approved organization for the side panel, with its project languages."""
    return (
        Organization.objects.listed()
        .prefetch_related(Prefetch("project_languages", queryset=Language.objects.all()))
        .filter(slug=slug)
        .first()
    )


def panel_people(*, user, organization: Organization):
    """Its people whom the viewer may see (members-only profiles for members only)."""
    return (
        MemberProfile.objects.visible_to(user)
        .filter(organization=organization)
        .order_by("full_name", "pk")
    )


def health_snapshots(*, months: int = 24) -> list[HealthSnapshot]:
    """The last `months` monthly snapshots, oldest first."""
    latest = list(HealthSnapshot.objects.order_by("-month")[:months])
    return latest[::-1]

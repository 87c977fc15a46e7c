"""Positions and network metrics (networkx), computed by the metrics job, never on a
request. Everything here is deterministic (fixed seeds), so running the job twice on the
same data stores the same numbers."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

LAYOUT_SEED = 7
# networkx's force layout is dense below 500 nodes; above, it needs SciPy, which the
# portal does not ship, so big maps place organizations among their clusters instead.
FORCE_LAYOUT_LIMIT = 500
CANVAS = 1000.0  # positions are stored in 0..CANVAS
BETWEENNESS_SAMPLE = 300  # exact below this many organizations, sampled (seeded) above
TOP_BROKERS = 10


def organization_graph(data: dict) -> nx.Graph:
    """Organizations and the links between them (every kind; weights of a pair added)."""
    graph = nx.Graph()
    for node in data["nodes"]:
        if node["type"] == "organization":
            graph.add_node(node["id"], region=node["region"], community=node["community"])
    for edge in data["edges"]:
        if edge["source"].startswith("org:") and edge["target"].startswith("org:"):
            a, b = edge["source"], edge["target"]
            previous = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=previous + edge["weight"])
    return graph


def _scaled(positions: dict) -> dict[str, tuple[float, float]]:
    if not positions:
        return {}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        node: (
            round((x - min(xs)) / span * CANVAS, 1),
            round((y - min(ys)) / span * CANVAS, 1),
        )
        for node, (x, y) in positions.items()
    }


def layout(data: dict) -> dict[str, tuple[float, float]]:
    """A position for every node, in 0..CANVAS."""
    full = nx.Graph()
    full.add_nodes_from(sorted(node["id"] for node in data["nodes"]))
    for edge in data["edges"]:
        full.add_edge(edge["source"], edge["target"], weight=1.0)
    if len(full) < FORCE_LAYOUT_LIMIT:
        positions = nx.spring_layout(full, seed=LAYOUT_SEED, iterations=80, method="force")
        return _scaled({node: (float(x), float(y)) for node, (x, y) in positions.items()})
    # Lay out the clusters (attribute nodes joined by the organizations they share), then
    # put each organization at the middle of its clusters, spread a little by its id.
    clusters = nx.Graph()
    members_of: dict[str, list[str]] = defaultdict(list)
    for edge in data["edges"]:
        if edge["source"].startswith("org:") and not edge["target"].startswith("org:"):
            members_of[edge["source"]].append(edge["target"])
        elif not edge["source"].startswith("org:"):
            clusters.add_edge(edge["source"], edge["target"], weight=1.0)
    for attributes in members_of.values():
        for i, a in enumerate(attributes):
            for b in attributes[i + 1 :]:
                weight = clusters.get_edge_data(a, b, {"weight": 0.0})["weight"]
                clusters.add_edge(a, b, weight=weight + 1.0)
    for _a, _b, attrs in clusters.edges(data=True):
        attrs["weight"] = 1.0 + math.log(attrs["weight"])
    clusters.add_nodes_from(n["id"] for n in data["nodes"] if n["type"] != "organization")
    if len(clusters) < FORCE_LAYOUT_LIMIT:
        anchor = nx.spring_layout(clusters, seed=LAYOUT_SEED, iterations=80, method="force")
    else:
        anchor = nx.circular_layout(sorted(clusters))
    positions = {node: (float(x), float(y)) for node, (x, y) in anchor.items()}
    for node in data["nodes"]:
        if node["type"] != "organization":
            continue
        around = [positions[a] for a in members_of.get(node["id"], []) if a in positions]
        x = sum(p[0] for p in around) / len(around) if around else 0.0
        y = sum(p[1] for p in around) / len(around) if around else 0.0
        angle = (node["org"] * 2654435761 % 3600) / 3600 * 2 * math.pi
        radius = 0.03 + (node["org"] % 11) * 0.012
        positions[node["id"]] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return _scaled(positions)


@dataclass
class Metrics:
    """Per organization (node id → value) and for the network as a whole."""

    degree: dict[str, int] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    cross_region_pairs: list[str] = field(default_factory=list)
    link_count: int = 0
    isolated_count: int = 0
    multi_region_count: int = 0
    brokers: list[dict] = field(default_factory=list)


def compute_metrics(data: dict) -> Metrics:
    """Degree, betweenness, the regions each organization's links reach, the links that
    bridge two regions, isolated organizations and the brokers between language
    communities (organizations whose links reach 2+ language communities, the widest and
    most between first)."""
    graph = organization_graph(data)
    n = len(graph)
    if n > BETWEENNESS_SAMPLE:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=LAYOUT_SEED)
    else:
        betweenness = nx.betweenness_centrality(graph)
    metrics = Metrics(link_count=graph.number_of_edges())
    brokers = []
    for node in sorted(graph):
        neighbours = list(graph.neighbors(node))
        region = graph.nodes[node]["region"]
        regions = {region} | {graph.nodes[m]["region"] for m in neighbours}
        regions.discard("")
        communities = {graph.nodes[node]["community"]} | {
            graph.nodes[m]["community"] for m in neighbours
        }
        metrics.degree[node] = len(neighbours)
        metrics.betweenness[node] = round(betweenness.get(node, 0.0), 5)
        metrics.regions[node] = len(regions)
        if not neighbours:
            metrics.isolated_count += 1
        if len(regions) >= 2:
            metrics.multi_region_count += 1
        if neighbours and len(communities) >= 2:
            brokers.append((len(communities), metrics.betweenness[node], node))
    for a, b in graph.edges():
        ra, rb = graph.nodes[a]["region"], graph.nodes[b]["region"]
        if ra and rb and ra != rb:
            x, y = sorted((int(a[4:]), int(b[4:])))
            metrics.cross_region_pairs.append(f"{x}-{y}")
    metrics.cross_region_pairs.sort()
    brokers.sort(key=lambda item: (-item[0], -item[1], item[2]))
    metrics.brokers = [
        {"node": node, "communities": count, "betweenness": value}
        for count, value, node in brokers[:TOP_BROKERS]
    ]
    return metrics


def annotate(data: dict, positions: dict, metrics: Metrics) -> dict:
    """The graph with each node's position and each organization's metrics."""
    for node in data["nodes"]:
        node["x"], node["y"] = positions.get(node["id"], (0.0, 0.0))
        if node["type"] == "organization":
            node["degree"] = metrics.degree.get(node["id"], 0)
            node["betweenness"] = metrics.betweenness.get(node["id"], 0.0)
            node["regions"] = metrics.regions.get(node["id"], 0)
    return data

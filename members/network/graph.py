"""The map's graph, built from the database for one audience: a bipartite "cluster" graph
(organizations ↔ skills categories, keywords, countries, languages; countries ↔ regions)
plus organization ↔ organization links from every registered edge source
(members.network.edges), the built-in one being "share enough" (a weight threshold).

The stored form (NetworkGraph.data) is {"nodes": [...], "edges": [...]}:

- an organization node: {"id": "org:12", "type": "organization", "org": 12, "slug",
  "label" (its name), "country", "region", "community" (its language community),
  "categories", "keywords", "languages" (slugs/codes), and after the metrics job "x", "y",
  "degree", "betweenness", "regions" (how many regions its links reach)};
- an attribute node: {"id": "category:rpl", "type": "category" | "keyword" | "country" |
  "region" | "language", "key": slug or code, "x", "y"} (labels are looked up per request,
  in the reader's language);
- an edge: {"source", "target", "kind", "weight"}; kinds "category", "keyword",
  "country", "language", "region" join the clusters; "shared" and registered kinds join
  two organizations. Only org ↔ org edges are stored: the cluster edges follow from the
  nodes, and members.network.selectors rebuilds them for the organizations it shows.

Only approved organizations are read, and only the profiles the audience may see
(public ones for the public graph) say what an organization works on.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from itertools import combinations

from django.conf import settings

from taxonomy.regions import region_for_country

from ..models import MemberProfile, Organization
from .edges import SHARED, Link, edge_sources
from .models import Audience

ATTRIBUTE_KINDS = ("category", "keyword", "country", "language")
# What sharing one item adds to the weight of a link between two organizations. A
# keyword (technical expertise) says more than one of the nine skills categories.
SHARE_WEIGHTS = {"keywords": 2, "categories": 1, "languages": 1}


@dataclass(frozen=True)
class OrgFacts:
    id: int
    slug: str
    name: str
    country: str
    region: str
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def community(self) -> str:
        """Its language community: the first language of its project other than English
        (the network's common language), else English."""
        others = [code for code in self.languages if code != "en"]
        return others[0] if others else "en"


def link_threshold() -> int:
    return settings.NETWORK_MAP_LINK_THRESHOLD


def _visibilities(audience: str) -> list[str]:
    if audience == Audience.PUBLIC:
        return [MemberProfile.Visibility.PUBLIC]
    return [MemberProfile.Visibility.PUBLIC, MemberProfile.Visibility.MEMBERS]


def organization_facts(*, audience: str) -> list[OrgFacts]:
    """What the map knows of each approved organization, in id order (four queries)."""
    organizations = Organization.objects.listed()
    profiles = MemberProfile.objects.approved().filter(
        organization__in=organizations, visibility__in=_visibilities(audience)
    )
    tags: dict[str, dict[int, set[str]]] = {
        "categories": defaultdict(set),
        "keywords": defaultdict(set),
        "languages": defaultdict(set),
    }
    for org_id, slug in MemberProfile.categories.through.objects.filter(
        memberprofile__in=profiles, skillcategory__is_active=True
    ).values_list("memberprofile__organization_id", "skillcategory__slug"):
        tags["categories"][org_id].add(slug)
    for org_id, slug in MemberProfile.expertise.through.objects.filter(
        memberprofile__in=profiles
    ).values_list("memberprofile__organization_id", "expertise__slug"):
        tags["keywords"][org_id].add(slug)
    for org_id, code in Organization.project_languages.through.objects.filter(
        organization__in=organizations
    ).values_list("organization_id", "language__code"):
        tags["languages"][org_id].add(code)
    return [
        OrgFacts(
            id=pk,
            slug=slug,
            name=name,
            country=str(country),
            region=region_for_country(str(country)),
            categories=tuple(sorted(tags["categories"][pk])),
            keywords=tuple(sorted(tags["keywords"][pk])),
            languages=tuple(sorted(tags["languages"][pk])),
        )
        for pk, slug, name, country in organizations.order_by("pk").values_list(
            "pk", "slug", "name", "country"
        )
    ]


def shared_links(facts: list[OrgFacts], *, threshold: int) -> list[Link]:
    """Links between organizations whose shared categories, keywords and non-English
    languages weigh at least `threshold` (SHARE_WEIGHTS)."""
    weights: dict[tuple[int, int], int] = defaultdict(int)
    for attribute, weight in SHARE_WEIGHTS.items():
        holders: dict[str, list[int]] = defaultdict(list)
        for org in facts:
            for value in getattr(org, attribute):
                if attribute == "languages" and value == "en":
                    continue  # nearly everyone's: it would link everybody
                holders[value].append(org.id)
        for ids in holders.values():
            for pair in combinations(ids, 2):
                weights[pair] += weight
    return [
        Link(source=a, target=b, weight=float(w))
        for (a, b), w in sorted(weights.items())
        if w >= threshold
    ]


def registered_links(facts: list[OrgFacts], *, audience: str) -> dict[str, list[Link]]:
    """The links of every registered edge source, kept between two distinct organizations
    on the map, one per pair (weights of repeats added), in a stable order."""
    ids = frozenset(org.id for org in facts)
    found: dict[str, list[Link]] = {}
    for source in edge_sources():
        if source.links is None or (audience == Audience.PUBLIC and not source.public):
            continue
        pairs: dict[tuple[int, int], float] = defaultdict(float)
        for link in source.links(ids):
            a, b = sorted((link.source, link.target))
            if a != b and a in ids and b in ids:
                pairs[(a, b)] += link.weight
        found[source.kind] = [Link(a, b, w) for (a, b), w in sorted(pairs.items())]
    return found


def signature(facts: list[OrgFacts], links: dict[str, list[Link]], threshold: int) -> str:
    """A hash of everything a graph is built from (unchanged: nothing to recompute)."""
    payload = {
        "facts": [asdict(org) for org in facts],
        "links": {kind: [asdict(link) for link in items] for kind, items in sorted(links.items())},
        "threshold": threshold,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def build_graph(facts: list[OrgFacts], links: dict[str, list[Link]]) -> dict:
    """The graph (without positions and metrics) in its stored form (module docstring)."""
    nodes: list[dict] = []
    edges: list[dict] = []
    attributes: dict[str, dict] = {}

    def attribute(kind: str, key: str, **extra) -> str:
        node_id = f"{kind}:{key}"
        if node_id not in attributes:
            attributes[node_id] = {"id": node_id, "type": kind, "key": key, **extra}
        return node_id

    for org in facts:
        org_id = f"org:{org.id}"
        nodes.append(
            {
                "id": org_id,
                "type": "organization",
                "org": org.id,
                "slug": org.slug,
                "label": org.name,
                "country": org.country,
                "region": org.region,
                "community": org.community,
                "categories": list(org.categories),
                "keywords": list(org.keywords),
                "languages": list(org.languages),
            }
        )
        targets = [("category", value) for value in org.categories]
        targets += [("keyword", value) for value in org.keywords]
        targets += [("language", value) for value in org.languages]
        if org.country:
            targets.append(("country", org.country))
        for kind, key in targets:
            extra = {"region": org.region} if kind == "country" else {}
            edges.append({"source": org_id, "target": attribute(kind, key, **extra), "kind": kind, "weight": 1})
    for node in list(attributes.values()):
        if node["type"] == "country" and node.get("region"):
            region_id = attribute("region", node["region"])
            edges.append({"source": node["id"], "target": region_id, "kind": "region", "weight": 1})
    for kind, items in sorted(links.items(), key=lambda item: item[0] != SHARED):
        for link in items:
            edges.append(
                {
                    "source": f"org:{link.source}",
                    "target": f"org:{link.target}",
                    "kind": kind,
                    "weight": link.weight,
                }
            )
    return {"nodes": nodes + sorted(attributes.values(), key=lambda n: n["id"]), "edges": edges}

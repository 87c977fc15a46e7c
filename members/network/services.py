"""The metrics job: build each audience's graph, lay it out, compute its metrics, store it,
and record this month's health snapshot. Runs as a Celery task (tasks.network_refresh)
every few minutes, where an unchanged signature makes it a no-op, and nightly with
`force=True`; never on a request.

Idempotent: the same data gives the same stored graph and the same snapshot (fixed
seeds; one NetworkGraph row per audience and one HealthSnapshot per month, both backed by
unique constraints and written with update_or_create).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .graph import build_graph, link_threshold, organization_facts, registered_links, shared_links
from .graph import signature as graph_signature
from .metrics import annotate, compute_metrics, layout
from .models import Audience, HealthSnapshot, NetworkGraph


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def network_refresh(*, force: bool = False, now: dt.datetime | None = None) -> dict[str, bool]:
    """Recompute the graph of each audience whose data changed (all of them with
    `force`), then this month's health snapshot from the members' graph. Returns
    {audience: recomputed?}. The heavy work runs outside any transaction; each write is
    one short transaction."""
    now = now or timezone.now()
    threshold = link_threshold()
    done: dict[str, bool] = {}
    for audience in Audience.values:
        facts = organization_facts(audience=audience)
        links = registered_links(facts, audience=audience)
        links["shared"] = shared_links(facts, threshold=threshold)
        signature = graph_signature(facts, links, threshold)
        stored = NetworkGraph.objects.filter(audience=audience).only("signature").first()
        if stored is not None and stored.signature == signature and not force:
            done[audience] = False
            continue
        data = build_graph(facts, links)
        metrics = compute_metrics(data)
        data = annotate(data, layout(data), metrics)
        # Cluster edges follow from the nodes (selectors rebuild them): store org links only.
        data["edges"] = [e for e in data["edges"] if e["source"].startswith("org:") and e["target"].startswith("org:")]
        data["health"] = {
            "link_count": metrics.link_count,
            "isolated_count": metrics.isolated_count,
            "multi_region_count": metrics.multi_region_count,
            "cross_region_pairs": metrics.cross_region_pairs,
            "brokers": metrics.brokers,
        }
        with transaction.atomic():
            NetworkGraph.objects.update_or_create(
                audience=audience,
                defaults={"signature": signature, "data": data, "computed_at": now},
            )
        done[audience] = True
    health_snapshot_record(month=_month_start(timezone.localdate(now)), now=now)
    return done


@transaction.atomic
def health_snapshot_record(*, month: dt.date, now: dt.datetime | None = None) -> HealthSnapshot | None:
    """This month's snapshot from the stored members' graph (None before the first
    graph). New cross-region links are counted against the latest earlier snapshot, so
    recording the same month again gives the same numbers."""
    graph = NetworkGraph.objects.filter(audience=Audience.MEMBERS).first()
    if graph is None:
        return None
    health = graph.data.get("health", {})
    organizations = {n["id"]: n for n in graph.data["nodes"] if n["type"] == "organization"}
    pairs = health.get("cross_region_pairs", [])
    previous = HealthSnapshot.objects.filter(month__lt=month).order_by("-month").first()
    before = set(previous.cross_region_pairs) if previous else set()
    brokers = [
        {
            "slug": organizations[item["node"]]["slug"],
            "name": organizations[item["node"]]["label"],
            "communities": item["communities"],
            "betweenness": item["betweenness"],
        }
        for item in health.get("brokers", [])
        if item["node"] in organizations
    ]
    snapshot, _created = HealthSnapshot.objects.update_or_create(
        month=month,
        defaults={
            "organization_count": len(organizations),
            "link_count": health.get("link_count", 0),
            "cross_region_link_count": len(pairs),
            "new_cross_region_links": len(set(pairs) - before),
            "multi_region_count": health.get("multi_region_count", 0),
            "isolated_count": health.get("isolated_count", 0),
            "brokers": brokers,
            "cross_region_pairs": pairs,
            "computed_at": now or timezone.now(),
        },
    )
    return snapshot

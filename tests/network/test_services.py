"""The metrics job: idempotent, recomputes only what changed, one snapshot per month."""

from __future__ import annotations

import datetime as dt

import pytest

from members.network import tasks
from members.network.models import Audience, HealthSnapshot, NetworkGraph
from members.network.services import network_refresh
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DECEMBER = dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC)
JANUARY = dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC)


def test_running_the_task_twice_stores_the_same_graph_and_one_snapshot(small_network):
    tasks.network_refresh.delay()
    first = {g.audience: (g.signature, g.data) for g in NetworkGraph.objects.all()}
    snapshot = HealthSnapshot.objects.get()

    tasks.network_refresh.delay(force=True)

    assert {g.audience: (g.signature, g.data) for g in NetworkGraph.objects.all()} == first
    again = HealthSnapshot.objects.get()
    assert again.pk == snapshot.pk
    assert (again.link_count, again.cross_region_link_count, again.new_cross_region_links) == (
        snapshot.link_count,
        snapshot.cross_region_link_count,
        snapshot.new_cross_region_links,
    )


def test_an_unchanged_network_is_not_recomputed_and_a_changed_one_is(small_network):
    assert network_refresh() == {"public": True, "members": True}
    assert network_refresh() == {"public": False, "members": False}

    profile = small_network["lima"].people.get()
    profile.expertise.add(*small_network["kenya"].people.get().expertise.all())  # an m2m change only

    assert network_refresh() == {"public": True, "members": True}


def test_the_snapshot_counts_cross_region_links_isolation_and_brokers(refreshed):
    snapshot = HealthSnapshot.objects.get()

    assert snapshot.organization_count == 4
    assert snapshot.link_count == 6
    assert snapshot.cross_region_link_count == 3  # each African organization with Lima
    assert snapshot.new_cross_region_links == 3  # the first snapshot: all are new
    assert snapshot.multi_region_count == 4
    assert snapshot.isolated_count == 0
    # Kenya (sw) reaches the English and Spanish communities too; Lima reaches three.
    assert {b["name"] for b in snapshot.brokers} >= {"Kenya Skills", "Lima Oficios"}


def test_next_months_snapshot_counts_only_the_cross_region_links_that_are_new(small_network):
    network_refresh(now=DECEMBER)
    lisbon = OrganizationFactory(name="Lisboa Skills", country="PT")
    ApprovedMemberFactory(
        organization=lisbon,
        country="PT",
        expertise=list(small_network["kenya"].people.get().expertise.all()),
    )

    network_refresh(now=JANUARY)
    network_refresh(now=JANUARY, force=True)

    december, january = HealthSnapshot.objects.order_by("month")
    assert (december.month, january.month) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    # Lisbon shares solar + rpl (weight 4) with Kenya, Lagos and Hidden Works, solar
    # (2, below the threshold) with Lima.
    assert january.new_cross_region_links == 3
    assert january.cross_region_link_count == december.cross_region_link_count + 3


def test_an_organization_without_links_counts_as_isolated(small_network):
    OrganizationFactory(name="Alone", country="JP")

    network_refresh()

    assert HealthSnapshot.objects.get().isolated_count == 1
    alone = next(
        n for n in NetworkGraph.objects.get(audience=Audience.MEMBERS).data["nodes"] if n.get("label") == "Alone"
    )
    assert alone["degree"] == 0

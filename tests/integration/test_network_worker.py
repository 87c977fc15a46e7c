"""The network map's metrics job on a real Celery worker, Redis and PostgreSQL: the
scheduled task computes both graphs and this month's snapshot, and running it again (as
the beat does every few minutes, and nightly with force) changes nothing."""

from __future__ import annotations

import pytest

from members.network.models import HealthSnapshot, NetworkGraph
from members.network.tasks import network_refresh as network_refresh_task
from tests.factories.members import ApprovedMemberFactory, ExpertiseFactory, OrganizationFactory

from .harness import publishing_to, task_runs_done, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(120),
]


def test_the_worker_computes_the_map_once_and_repeated_runs_change_nothing(shared_broker_url, celery_worker_factory):
    solar, rpl = ExpertiseFactory(slug="worker-solar"), ExpertiseFactory(slug="worker-rpl")
    for name, country in [("Kenya Skills", "KE"), ("Lima Oficios", "PE"), ("Dhaka Works", "BD")]:
        ApprovedMemberFactory(organization=OrganizationFactory(name=name, country=country), country=country, expertise=[solar, rpl])
    worker = celery_worker_factory(broker_url=shared_broker_url)

    with publishing_to(shared_broker_url):
        network_refresh_task.delay()
        wait_for(lambda: NetworkGraph.objects.count() == 2, timeout=60, message="both graphs")
        first = {g.audience: (g.signature, g.data, g.computed_at) for g in NetworkGraph.objects.all()}
        network_refresh_task.delay()
        network_refresh_task.delay(force=True)
        wait_for(lambda: task_runs_done(worker, "network_refresh") >= 3, timeout=60, message="the repeated runs")

    again = {g.audience: (g.signature, g.data) for g in NetworkGraph.objects.all()}
    assert again == {audience: (signature, data) for audience, (signature, data, _at) in first.items()}
    snapshot = HealthSnapshot.objects.get()
    assert (snapshot.organization_count, snapshot.link_count, snapshot.cross_region_link_count) == (3, 3, 3)

"""Fixtures for integration tests with real processes (see harness.py).

    def test_x(celery_worker_factory, shared_broker_url, mail_dir):
        worker = celery_worker_factory(broker_url=shared_broker_url)
        with publishing_to(shared_broker_url):
            ...  # code that enqueues tasks; the worker runs them

Tests using these need `@pytest.mark.django_db(transaction=True)` so the worker sees
committed rows, and `@pytest.mark.integration` (skipped without REDIS_URL).
"""

from __future__ import annotations

import pytest
from django.conf import settings

from core.outbox import services as outbox_services

from .harness import CeleryWorker, RedisServer, publishing_to


@pytest.fixture
def mail_dir(tmp_path):
    """Where workers' file-based email backend writes delivered messages."""
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def shared_broker_url():
    """The machine's Redis (REDIS_URL, this suite's own database number), queue emptied."""
    from network_portal.celery import app

    url = settings.REDIS_URL
    with publishing_to(url):
        app.control.purge()
    return url


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of our own on a free port, which a test may stop and start again."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def celery_worker_factory(mail_dir, tmp_path, request):
    """Start workers with `celery_worker_factory(broker_url=..., **CeleryWorker options)`;
    every worker still running is stopped at teardown (warm shutdown, SIGKILL after 3 s)
    and its log shown if the test failed. Request a broker fixture (`private_redis`)
    *before* this one, so workers stop before their broker does."""
    workers: list[CeleryWorker] = []

    def start(**options) -> CeleryWorker:
        options.setdefault("mail_dir", mail_dir)
        options.setdefault("workdir", tmp_path / "workers")
        worker = CeleryWorker(**options)
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop(timeout=3)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for worker in workers:
            print(f"--- {worker.log_path} ---\n{worker.log()[-4000:]}")  # noqa: T201


@pytest.fixture(autouse=True)
def _closed_broker_circuit():
    outbox_services.broker_circuit_reset()
    yield
    outbox_services.broker_circuit_reset()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report

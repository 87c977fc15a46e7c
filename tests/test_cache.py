"""An unreachable Redis cache degrades to "no cache": pages still answer, nothing raises."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from network_portal import cache as resilient
from tests.factories.funds import FundingCallFactory
from tests.factories.members import UserFactory
from tests.integration.harness import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_cache(settings):
    """The default cache pointed at a port where nothing listens."""
    resilient.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "network_portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.FUNDS_LIST_CACHE_SECONDS = 30  # the results cache on, as in production
    yield cache
    resilient.reset()


def test_every_cache_operation_answers_as_a_dummy_cache_when_redis_is_down(dead_redis_cache):
    assert dead_redis_cache.get("k", "fallback") == "fallback"
    assert dead_redis_cache.set("k", 1) is None
    assert dead_redis_cache.add("k", 1) is True  # as DummyCache: a lock taken with add is granted
    assert dead_redis_cache.get_many(["a", "b"]) == {}
    assert dead_redis_cache.set_many({"a": 1, "b": 2}) == []
    assert dead_redis_cache.has_key("k") is False
    assert dead_redis_cache.delete("k") is False
    assert dead_redis_cache.get_or_set("k", lambda: 42) == 42
    with pytest.raises(ValueError):
        dead_redis_cache.incr("k")


def test_after_one_failure_the_cache_stops_trying_for_a_while_and_logs_once(dead_redis_cache, caplog, monkeypatch):
    attempts = []
    original = resilient.RedisCache.get

    def counting_get(self, *args, **kwargs):
        attempts.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(resilient.RedisCache, "get", counting_get)
    with caplog.at_level(logging.WARNING, logger="network_portal.cache"):
        for _ in range(5):
            assert dead_redis_cache.get("k") is None
    assert len(attempts) == 1
    assert len([r for r in caplog.records if "Redis unreachable" in r.getMessage()]) == 1


def test_visitors_browse_and_sign_in_while_the_cache_is_down(dead_redis_cache, client):
    call = FundingCallFactory(title="Open while Redis is down")
    for url in (reverse("funds:call-list"), f"{reverse('funds:call-list')}?status=open&q=open", call.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Open while Redis is down" in client.get(reverse("funds:call-list")).content.decode()
    user = UserFactory(email="amina@example.org")
    user.set_password("a long enough password")
    user.save()
    response = client.post(reverse("account_login"), {"login": "amina@example.org", "password": "a long enough password"})
    assert response.status_code == 302

"""An unreachable Redis cache degrades to "no cache": pages still answer, nothing raises;
and rate limits are counted in the process meanwhile, so sign-in throttling stays on."""

from __future__ import annotations

import logging
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import cache as resilient
from tests.factories.funds import FundingCallFactory
from tests.factories.members import PASSWORD, UserFactory
from tests.integration.harness import RedisServer, free_port, wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_cache(settings):
    """The default cache pointed at a port where nothing listens."""
    resilient.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield cache
    resilient.reset()


def test_every_page_cache_operation_answers_as_a_dummy_cache_when_redis_is_down(dead_redis_cache):
    assert dead_redis_cache.get("k", "fallback") == "fallback"
    assert dead_redis_cache.set("k", 1) is None
    assert dead_redis_cache.add("k", 1) is True  # as DummyCache
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
    with caplog.at_level(logging.WARNING, logger="core.cache"):
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


def test_rate_limit_counters_and_locks_are_kept_in_the_process_while_redis_is_down(dead_redis_cache):
    lock = "allauth:rl:allauth.account:login_failed:5/300s/key:abc:lock"

    assert dead_redis_cache.add(lock, True, 10) is True
    assert dead_redis_cache.add(lock, True, 10) is False  # a second taker waits, as with Redis
    dead_redis_cache.delete(lock)
    assert dead_redis_cache.add(lock, True, 10) is True
    dead_redis_cache.set("allauth:rl:history", [1.0, 2.0], 60)
    assert dead_redis_cache.get("allauth:rl:history") == [1.0, 2.0]
    dead_redis_cache.add("rl:funds.report:3600:x:1", 0, 60)
    assert [dead_redis_cache.incr("rl:funds.report:3600:x:1") for _ in range(3)] == [1, 2, 3]
    assert dead_redis_cache.decr("rl:funds.report:3600:x:1") == 2
    # Page-cache keys still keep nothing.
    dead_redis_cache.set("funds:list:abc", "page", 60)
    assert dead_redis_cache.get("funds:list:abc") is None


def test_a_cache_set_without_a_timeout_uses_the_default_timeout_not_forever(settings, tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    try:
        resilient.reset()
        settings.CACHES = {
            "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": server.url, "TIMEOUT": 300}
        }
        cache.set("k", 1)
        ttl = redis.Redis.from_url(server.url).ttl(cache.make_key("k"))
    finally:
        server.stop()
        resilient.reset()

    assert 0 < ttl <= 300


def _sign_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_failed_sign_ins_are_still_throttled_after_redis_stops_and_counted_in_redis_once_it_is_back(
    settings, tmp_path, monkeypatch
):
    server = RedisServer(tmp_path / "redis").start()
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0.5)
    resilient.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    redis_client = redis.Redis.from_url(server.url)
    victim, other = UserFactory(), UserFactory()
    try:
        _sign_in(Client(REMOTE_ADDR="203.0.113.66"), victim.email, "guess")
        assert redis_client.keys("*allauth:rl:*"), "counted in Redis while it is up"

        server.stop()

        attacker = Client(REMOTE_ADDR="203.0.113.66")
        for _attempt in range(5):
            assert _sign_in(attacker, victim.email, "guess").status_code == 200
        owner = Client(REMOTE_ADDR="198.51.100.7")
        refused = _sign_in(owner, victim.email, PASSWORD)
        assert "Too many failed login attempts" in refused.content.decode()
        assert "_auth_user_id" not in owner.session
        statuses = [_sign_in(attacker, f"guess{n}@example.org", "guess").status_code for n in range(30)]
        assert statuses[-1] == 429, statuses
        # Someone else, elsewhere, still signs in.
        elsewhere = Client(REMOTE_ADDR="192.0.2.10")
        assert _sign_in(elsewhere, other.email, PASSWORD).status_code == 302

        # The portal's own limits stay on too: anonymous reports from one address.
        call = FundingCallFactory()
        report_url = reverse("funds:call-report", kwargs={"slug": call.slug})
        reporter = Client(REMOTE_ADDR="203.0.113.77")
        reports = [
            reporter.post(report_url, {"message": "Outdated."}).status_code
            for _ in range(settings.CALL_REPORTS_PER_HOUR + 1)
        ]
        assert reports[-1] == 429 and 429 not in reports[:-1], reports

        server.start()
        wait_for(lambda: time.monotonic() >= resilient._down_until, timeout=5, message="the retry pause")
        redis_client.flushall()
        _sign_in(Client(REMOTE_ADDR="192.0.2.11"), other.email, "guess")
        assert redis_client.keys("*allauth:rl:*"), "counted in Redis again once it is back"
    finally:
        server.stop()
        resilient.reset()


def test_a_used_totp_code_is_refused_a_second_time_while_redis_is_down(dead_redis_cache):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories.mfa import enrol_totp, totp_code

    user = UserFactory()
    authenticator = enrol_totp(user)
    code = totp_code(user)

    assert TOTP(authenticator).validate_code(code) is True
    # Replay protection is a cache.add: granting it while Redis is down would let a
    # code seen over someone's shoulder be used again within its 30 seconds.
    assert TOTP(authenticator).validate_code(code) is False

"""A Redis cache that an unreachable Redis degrades instead of breaking, except for rate
limits, which it keeps.

The portal caches what it can recompute (anonymous /funds/ results, category counts) and
counts rate limits (allauth's sign-in limits, keys `allauth:rl:…`; the portal's own,
`rl:…`, core/ratelimit.py). When Redis is down, Django's RedisCache raises on
every call and each page that touches the cache answers 500. `ResilientRedisCache`
instead:

- answers page-cache calls as Django's DummyCache does (reads miss, writes and `add`
  "succeed" without storing), so pages are computed from the database;
- sends rate-limit keys (and allauth's `…:lock` keys) to a cache in this process's memory
  (`local_counters`), so sign-in throttling and the portal's limits stay on. The price:
  while Redis is down each worker process counts on its own, so a limit allows up to
  (number of worker processes) times its amount, and the counts start from zero.

After a failure it stops trying Redis for `RETRY_AFTER` seconds, so a request does not
wait for a connect timeout per cache call; then it tries again and, once Redis answers,
caches and counts there as before (the outage's local counts are left to expire). An
outage is logged at most once per `RETRY_AFTER`.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds
_down_until = 0.0  # per process: shared by every thread's cache instance

# Keys kept locally while Redis is down, because granting them would switch a protection
# off: allauth's rate limits (allauth.core.internal.ratelimit builds
# "allauth:rl:<app>:<action>:<rate>:<who>", its lock adds ":lock"), the portal's own, and
# allauth's "this TOTP code was already used" markers (replay protection, cache.add).
RATE_LIMIT_KEY_PREFIXES = ("allauth:rl:", "rl:", "allauth.mfa.totp.used?")

# One per process, shared by its threads. Large enough that an attacker cycling through
# addresses cannot evict the counters that throttle them without first being throttled.
local_counters = LocMemCache(
    "core.cache.local_counters", {"OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10}}
)


def _errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import RedisError

    return (RedisError, ConnectionError, OSError, TimeoutError)


def is_rate_limit_key(key) -> bool:
    return isinstance(key, str) and key.startswith(RATE_LIMIT_KEY_PREFIXES)


def reset() -> None:
    """Forget a recorded outage and the local counters (tests; a process that knows Redis
    is back)."""
    global _down_until
    _down_until = 0.0
    local_counters.clear()


def is_down() -> bool:
    """True while this process is serving without Redis."""
    return time.monotonic() < _down_until


class ResilientRedisCache(RedisCache):
    def _call(self, method: str, fallback, *args):
        global _down_until
        if time.monotonic() >= _down_until:
            try:
                return getattr(super(), method)(*args)
            except _errors() as exc:
                if _down_until == 0.0 or time.monotonic() >= _down_until:
                    logger.warning(
                        "cache: Redis unreachable (%s); serving without the cache and counting "
                        "rate limits in this process for %ss",
                        exc,
                        RETRY_AFTER,
                    )
                _down_until = time.monotonic() + RETRY_AFTER
        if args and is_rate_limit_key(args[0]):
            return getattr(local_counters, method)(*args)
        return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:  # as for a missing key: callers fall back to add/set
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        local_counters.clear()
        return self._call("clear", None)

"""A Redis cache that an unreachable Redis degrades instead of breaking.

The portal only caches what it can recompute (anonymous /funds/ results, category counts,
allauth's rate-limit counters). When Redis is down, Django's RedisCache raises on every
call and each page that touches the cache answers 500. `ResilientRedisCache` then answers
as Django's DummyCache does (a cache that keeps nothing: reads miss, writes and `add`
"succeed" without storing), so pages are computed from the database and locks taken with
`add` (allauth's rate limits) are granted rather than refused. After a failure it stops trying for
`RETRY_AFTER` seconds, so a request does not wait for a connect timeout per cache call;
then it tries again and, once Redis answers, caches as before. An outage is logged at
most once per `RETRY_AFTER`.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds
_down_until = 0.0  # per process: shared by every thread's cache instance


def _errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import RedisError

    return (RedisError, ConnectionError, OSError, TimeoutError)


def reset() -> None:
    """Forget a recorded outage (tests; a process that knows Redis is back)."""
    global _down_until
    _down_until = 0.0


class ResilientRedisCache(RedisCache):
    def _call(self, method: str, fallback, *args, **kwargs):
        global _down_until
        if time.monotonic() < _down_until:
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except _errors() as exc:
            if _down_until == 0.0 or time.monotonic() >= _down_until:
                logger.warning("cache: Redis unreachable (%s); serving without the cache for %ss", exc, RETRY_AFTER)
            _down_until = time.monotonic() + RETRY_AFTER
            return fallback

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
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

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", None)

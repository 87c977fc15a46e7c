"""The portal's own rate limits, and the one rule for "which address is this client?".

`client_ip(request)` is the address every limit counts against: allauth's rule (settings
ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER, set from the
TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER environment variables), so the portal's
limits and allauth's sign-in limits always agree on who a client is. With neither set, a
client-sent X-Forwarded-For is ignored: anyone can write one.

`exceeded(limits, who=...)` counts one attempt against each `Limit` and returns the first
one it would exceed (None: allowed). Counters live in the default cache under keys
starting with `rl:`, which `core.cache.ResilientRedisCache` keeps in a
per-process counter while Redis is down, so a limit stays on during an outage. Each limit is a sliding
window: this window's count plus the previous window's, weighted by how much of it still
overlaps, so a burst across a window boundary cannot double the allowance. A refused
attempt is not counted, so waiting out the window always works.

Business rules that must hold on every path (alerts per person, suggestions per day) are
counted in the database by their services instead; this module is for request-level
limits (per person or address) where an approximate, expiring counter is enough.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

KEY_PREFIX = "rl:"


@dataclass(frozen=True)
class Limit:
    """At most `amount` attempts per `seconds` for one action (e.g. "funds.report")."""

    action: str
    amount: int
    seconds: int


def client_ip(request: HttpRequest) -> str:
    """The client's address as rate limits see it: from the trusted proxy header or the
    trusted end of X-Forwarded-For when configured, else REMOTE_ADDR. IPv6 addresses are
    cut to their /64 (ALLAUTH_RATE_LIMIT_IPV6_PREFIX), as one host usually holds a whole
    /64. A header that does not match the configuration (fewer X-Forwarded-For entries
    than trusted proxies, an empty or malformed trusted header) falls back to
    REMOTE_ADDR, never to a value the client chose. Never raises."""
    from allauth.core.internal.httpkit import clean_client_ip, get_client_ip
    from allauth.core.internal.ratelimit import truncate_ip

    try:
        ip = get_client_ip(request)
    except ImproperlyConfigured:  # X-Forwarded-For shorter than the trusted proxy count
        ip = None
    if not ip:
        ip = clean_client_ip(request.META.get("REMOTE_ADDR") or "") or "unknown"
    return truncate_ip(ip)


def requester(request: HttpRequest) -> str:
    """Who a per-person limit counts: the signed-in account, else the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _base_key(limit: Limit, who: str) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{limit.action}:{limit.seconds}:{digest}"


def _count(key: str, timeout: int) -> int:
    """Add one to the counter at `key` (created at 0 when missing); the new value."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired (or evicted) between add and incr
        cache.set(key, 1, timeout)
        return 1


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # already expired: nothing to take back
        cache.decr(key)


def _hit(limit: Limit, who: str, now: float) -> str | None:
    """Count one attempt; the counter's key when within the limit, else None (and the
    attempt is taken back)."""
    base = _base_key(limit, who)
    window, into = divmod(now, limit.seconds)
    current_key = f"{base}:{int(window)}"
    previous = cache.get(f"{base}:{int(window) - 1}", 0) or 0
    count = _count(current_key, timeout=2 * limit.seconds)
    estimate = previous * (1 - into / limit.seconds) + count
    if estimate > limit.amount:
        _uncount(current_key)
        return None
    return current_key


def exceeded(limits: Iterable[Limit], *, who: str, now: float | None = None) -> Limit | None:
    """Count one attempt by `who` (e.g. `requester(request)`) against each limit in turn.
    Returns the first limit it would exceed, or None when it is allowed. A refused attempt
    is counted against none of them. `now` (a Unix time) is for tests."""
    now = time.time() if now is None else now
    counted: list[str] = []
    for limit in limits:
        key = _hit(limit, who, now)
        if key is None:
            for earlier in counted:
                _uncount(earlier)
            return limit
        counted.append(key)
    return None


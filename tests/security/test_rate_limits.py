"""Rate limits behind a reverse proxy: which address a client has (X-Forwarded-For only
from trusted proxies, or a trusted header), sign-in limits per account and per address
(one person's typos or one attacker do not lock everybody out), and the portal's own
sliding-window limiter."""

from __future__ import annotations

import time

import pytest
from django.test import Client, RequestFactory

from core import ratelimit
from tests.factories.members import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy's address, as gunicorn sees every request
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Counters in this process's own cache (see tests/test_accounts.py), and the
    deployment default: no proxy trusted."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security-rate-limits"}
    }
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    from django.core.cache import cache

    cache.clear()


def _request(remote_addr: str = PROXY, **headers):
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **headers)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


# --- Which address is the client? --------------------------------------------------------


def test_a_forwarded_for_header_is_ignored_when_no_proxy_is_trusted():
    request = _request("198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert ratelimit.client_ip(request) == "198.51.100.7"


def test_with_one_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; nginx appended the address it saw.
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    assert ratelimit.client_ip(request) == "203.0.113.9"


def test_with_two_trusted_proxies_the_second_address_from_the_end_is_the_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1")

    assert ratelimit.client_ip(request) == "203.0.113.9"


def test_a_forwarded_for_header_shorter_than_the_proxy_chain_falls_back_to_the_connection(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert ratelimit.client_ip(request) == PROXY


def test_signing_in_with_a_forwarded_for_header_shorter_than_the_proxy_chain_is_no_server_error(settings):
    # allauth's own address rule raises ImproperlyConfigured here; the portal's adapter
    # gives allauth the portal's rule, which falls back to the connection.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = UserFactory()
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")

    response = client.post(LOGIN, {"login": user.email, "password": "wrong-password"})

    assert response.status_code == 200
    assert not signed_in(client)


def test_a_trusted_client_ip_header_is_honoured_only_when_configured(settings):
    request = _request(HTTP_X_REAL_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ratelimit.client_ip(request) == PROXY

    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"

    assert ratelimit.client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("value", ["", "not-an-address", "203.0.113.9; rm -rf /"])
def test_a_missing_or_malformed_trusted_header_falls_back_to_the_connection(settings, value):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"

    assert ratelimit.client_ip(_request(HTTP_X_REAL_IP=value)) == PROXY


def test_ipv6_clients_are_counted_per_64_network():
    first = _request("2001:db8:1:2:aaaa::1")
    second = _request("2001:db8:1:2:bbbb::9")

    assert ratelimit.client_ip(first) == ratelimit.client_ip(second) == "2001:db8:1:2::"


# --- Sign-in limits: per account and per address -----------------------------------------


def test_ten_bad_passwords_on_ten_accounts_from_one_address_lock_nobody_out():
    people = UserFactory.create_batch(10)
    office = "198.51.100.7"
    for person in people:
        assert sign_in(Client(REMOTE_ADDR=office), person.email, "wrong").status_code == 200

    for person in [*people, UserFactory()]:
        client = Client(REMOTE_ADDR=office)
        response = sign_in(client, person.email, PASSWORD)
        assert response.status_code == 302, response.content.decode()[:500]
        assert signed_in(client)


def test_five_bad_passwords_lock_that_account_but_not_the_others_on_the_same_address():
    victim, colleague = UserFactory(), UserFactory()
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _attempt in range(5):
        sign_in(attacker, victim.email, "guess")

    refused = sign_in(Client(REMOTE_ADDR="198.51.100.7"), victim.email, PASSWORD)
    colleague_client = Client(REMOTE_ADDR="203.0.113.66")
    sign_in(colleague_client, colleague.email, PASSWORD)

    assert "Too many failed login attempts" in refused.content.decode()
    assert signed_in(colleague_client)


def test_an_address_with_twenty_failures_a_minute_is_stopped_while_others_sign_in():
    attacker = "203.0.113.66"
    for person in UserFactory.create_batch(20):
        sign_in(Client(REMOTE_ADDR=attacker), person.email, "guess")
    target = UserFactory()

    stopped = Client(REMOTE_ADDR=attacker)
    response = sign_in(stopped, target.email, PASSWORD)
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    sign_in(elsewhere, target.email, PASSWORD)

    assert not signed_in(stopped)
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in(elsewhere)


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_address_limit():
    for n, person in enumerate(UserFactory.create_batch(20)):
        sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), person.email, "guess")

    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.200")
    response = sign_in(client, UserFactory().email, PASSWORD)

    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_behind_a_trusted_proxy_each_client_has_its_own_sign_in_allowance(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for person in UserFactory.create_batch(20):
        sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66"), person.email, "guess")
    target = UserFactory()

    stopped = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    sign_in(stopped, target.email, PASSWORD)
    # Everyone comes through the same proxy; only the attacker is held back.
    neighbour = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    sign_in(neighbour, target.email, PASSWORD)

    assert not signed_in(stopped)
    assert signed_in(neighbour)


def test_behind_a_trusted_header_a_flood_from_one_client_gets_429_and_the_next_client_does_not(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    flood = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.66")
    statuses = [sign_in(flood, f"guess{n}@example.org", "wrong").status_code for n in range(31)]
    user = UserFactory()
    neighbour = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")

    assert statuses[-1] == 429
    assert "Too many attempts" in flood.post(LOGIN, {"login": "x@example.org", "password": "x"}).content.decode()
    assert sign_in(neighbour, user.email, PASSWORD).status_code == 302


# --- The portal's limiter ------------------------------------------------------------------


def test_the_limiter_allows_the_amount_then_refuses_without_counting_refusals():
    limit = ratelimit.Limit("test.action", 3, 60)
    now = time.time() // 60 * 60 + 1  # at the start of a window

    results = [ratelimit.exceeded([limit], who="ip:192.0.2.1", now=now) for _ in range(5)]

    assert results == [None, None, None, limit, limit]
    assert ratelimit.exceeded([limit], who="ip:192.0.2.2", now=now) is None


def test_the_limiter_window_slides_so_a_burst_at_a_boundary_is_not_doubled():
    limit = ratelimit.Limit("test.slide", 4, 60)
    start = time.time() // 60 * 60
    for _ in range(4):
        assert ratelimit.exceeded([limit], who="user:1", now=start + 55) is None

    # Five seconds later a new window starts, but most of the last one still overlaps.
    assert ratelimit.exceeded([limit], who="user:1", now=start + 61) is limit
    # Most of a window later, the old attempts have slid out.
    assert ratelimit.exceeded([limit], who="user:1", now=start + 110) is None


def test_an_attempt_refused_by_a_later_limit_is_not_counted_by_the_earlier_ones():
    hourly, daily = ratelimit.Limit("test.pair", 5, 3600), ratelimit.Limit("test.pair", 2, 86400)
    now = time.time()

    outcomes = [ratelimit.exceeded([hourly, daily], who="user:7", now=now) for _ in range(4)]
    roomy_daily = ratelimit.Limit("test.pair", 100, 86400 * 2)

    assert outcomes == [None, None, daily, daily]
    # The hourly counter holds the two allowed attempts only: three more fit.
    assert [ratelimit.exceeded([hourly, roomy_daily], who="user:7", now=now) for _ in range(4)] == [
        None,
        None,
        None,
        hourly,
    ]


def test_signed_in_people_are_counted_per_account_and_visitors_per_address():
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory()
    request = _request("198.51.100.7")
    request.user = user
    visitor = _request("198.51.100.7")
    visitor.user = AnonymousUser()

    assert ratelimit.requester(request) == f"user:{user.pk}"
    assert ratelimit.requester(visitor) == "ip:198.51.100.7"

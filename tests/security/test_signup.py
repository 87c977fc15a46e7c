"""Sign-up under attack: simultaneous sign-ups for one address, whether the response time
tells an existing address from a new one, and where the links in account emails point."""

from __future__ import annotations

import re
import statistics
import threading
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import global_settings
from django.contrib.sites.models import Site
from django.db import connections
from django.test import Client

from core.outbox.models import Email
from members.models import User
from tests.factories.members import UserFactory

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Rate-limit counters in this process's own cache (see tests/test_accounts.py)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security-signup"}
    }
    from django.core.cache import cache

    cache.clear()


def sign_up(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})


# --- Concurrent sign-ups for one address --------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_sign_ups_for_one_address_make_one_account_and_no_error(settings):
    # An earlier transactional test may have flushed the site record migrations create.
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000", "name": "Portal"})
    Site.objects.clear_cache()
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    responses: list = [None] * threads_count
    errors: list[BaseException] = []

    def attempt(i: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=10)
            responses[i] = sign_up(client, "race@example.org")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not errors
    statuses = [r.status_code for r in responses]
    # Everyone sees what any sign-up shows: "check your inbox", whether they won or not.
    assert statuses == [302] * threads_count, statuses
    assert {r["Location"] for r in responses} == {"/accounts/confirm-email/"}
    assert User.objects.filter(email="race@example.org").count() == 1
    assert EmailAddress.objects.filter(email__iexact="race@example.org").count() == 1
    user = User.objects.get(email="race@example.org")
    assert user.profile is not None


# --- The response time does not tell an existing address from a new one ----------------


def _timed_sign_up(client: Client, email: str) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one sign-up. The test client runs the view in this
    thread, so its CPU time is the work done, whatever else the machine is doing."""
    wall, cpu = time.perf_counter(), time.thread_time()
    response = sign_up(client, email)
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    return wall, cpu


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_costs_as_much_as_with_a_new_one(settings, capsys):
    # Production's hasher (tests/conftest.py installs a fast one): hashing the password
    # is most of a new account's cost.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    UserFactory(email="taken@example.org")
    _timed_sign_up(Client(), "warm-up@example.org")
    new, taken = [], []
    for i in range(3):
        new.append(_timed_sign_up(Client(), f"new{i}@example.org"))
        # The second and third tries are inside allauth's per-address email limit: the
        # "account exists" email is not sent again, and the cost must not drop.
        taken.append(_timed_sign_up(Client(), "taken@example.org"))

    def ms(times, kind):
        return [round(t[kind] * 1000) for t in times]

    new_cpu, taken_cpu = statistics.median(ms(new, 1)), statistics.median(ms(taken, 1))
    with capsys.disabled():
        print(f"\nsign-up, wall ms: new {ms(new, 0)} taken {ms(taken, 0)}; CPU ms: new {ms(new, 1)} taken {ms(taken, 1)}")
    assert taken_cpu >= 0.5 * new_cpu
    assert new_cpu >= 0.5 * taken_cpu
    assert User.objects.filter(email__startswith="new").count() == 3


@pytest.mark.django_db
def test_a_taken_address_gets_the_same_page_and_notice_as_a_new_one_even_when_its_email_is_rate_limited():
    UserFactory(email="taken@example.org")
    pages = []
    for email in ("new@example.org", "taken@example.org", "taken@example.org"):
        client = Client()
        response = sign_up(client, email)
        page = client.get(response["Location"])
        html = page.content.decode().replace(email, "EMAIL")
        pages.append(re.sub(r'(nonce|value)="[^"]*"', r'\1=""', html))  # per-request tokens
    assert pages[0] == pages[1] == pages[2]
    assert "EMAIL" in pages[0]  # "Confirmation email sent to …"
    # The owner of the taken address was told once; the second try was within the limit.
    assert Email.objects.filter(to="taken@example.org").count() == 1
    assert Email.objects.filter(to="new@example.org").count() == 1


# --- Links in account emails come from SITE_URL, never from the request's Host ----------

EVIL_HOST = "evil.example:8000"
URL = re.compile(r"https?://[^\s\"'<>]+")


def _links(emails) -> list[str]:
    return [url for email in emails for url in URL.findall(email.text_body + email.html_body)]


@pytest.fixture
def evil_host(settings):
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    settings.SITE_URL = "https://portal.example.org"
    return Client(HTTP_HOST=EVIL_HOST)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "path", "data"),
    [
        pytest.param("member@example.org", "/accounts/password/reset/", {}, id="password reset"),
        pytest.param("stranger@example.org", "/accounts/password/reset/", {}, id="reset for an unknown address"),
        pytest.param("brand-new@example.org", "/accounts/signup/", {"password1": PASSWORD, "password2": PASSWORD}, id="verification"),
        pytest.param("member@example.org", "/accounts/signup/", {"password1": PASSWORD, "password2": PASSWORD}, id="account already exists"),
    ],
)
def test_links_in_account_emails_start_with_site_url_whatever_the_host_header(evil_host, email, path, data):
    UserFactory(email="member@example.org")
    response = evil_host.post(path, {"email": email, **data})
    assert response.status_code == 302

    emails = list(Email.objects.filter(to=email))
    assert emails, "no email was queued"
    links = _links(emails)
    assert links, [e.text_body for e in emails]
    assert all(link.startswith("https://portal.example.org/") for link in links), links
    assert not any("evil.example" in e.text_body + e.html_body for e in emails)


@pytest.mark.django_db
def test_the_reset_link_from_a_forged_host_works_on_the_real_site(evil_host):
    UserFactory(email="member@example.org")
    evil_host.post("/accounts/password/reset/", {"email": "member@example.org"})
    (link,) = [u for u in _links(Email.objects.filter(to="member@example.org")) if "/password/reset/key/" in u]
    path = link.removeprefix("https://portal.example.org")
    page = Client().get(path, follow=True)
    assert page.status_code == 200
    assert b'name="password1"' in page.content

"""Shared fixtures. Tests run on the real database named by DATABASE_URL (PostgreSQL in
CI) and, for integration tests, a real Redis and Celery worker.

Outside CI, tests that need PostgreSQL or Chromium are skipped with a visible reason;
with CI=true nothing may be skipped: a missing service fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_configure(config):
    # Only speed: a fast hasher and throwaway media. Behaviour stays production's.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-media-")
    # Private documents too (seed_demo writes media-kit files and translation documents):
    # never into the checkout's var/private.
    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-private-"))
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from network_portal.celery import app

    # Unit tests run tasks in-process; integration tests start a real worker themselves.
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (groups, taxonomy, badge
    classes) afterwards, whatever order tests run in.

    A transactional test ends with a flush. Without serialized rollback that flush re-runs
    post_migrate, which recreates the role groups under new ids; a later test that restores
    the serialized copy then inserts "ILO staff" a second time and fails at set-up. Making
    the rule suite-wide keeps each test file free of that ordering trap."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                    append=False,
                )
        elif {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


def _need(reason: str):
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not settings.IS_POSTGRES:
        _need("this test needs PostgreSQL (set DATABASE_URL or start it on 127.0.0.1:5432)")
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        _need("this test needs Debian's chromium package (/usr/bin/chromium)")
    if item.get_closest_marker("integration") and not settings.REDIS_URL:
        _need("this test needs Redis (set REDIS_URL)")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached pages never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def login_with_mfa():
    """login_with_mfa(client, user) signs `user` in on a test client the way a sign-in with
    the password and an authenticator code does (enrolling a real TOTP authenticator when
    the user has none). Staff and superusers reach no page without it
    (core/security/staff_mfa.py). Also importable from tests.factories.mfa, with
    sign_in_with_mfa(page, user) for browser tests."""
    from tests.factories.mfa import login_with_mfa as sign_in

    return sign_in


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by Playwright's Python API."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    # Playwright's event loop runs Django code in threads whose connections nothing else
    # closes; left open they keep the test database from being dropped.
    from django.db import connections

    connections.close_all()

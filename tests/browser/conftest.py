"""Fixtures for the end-to-end browser tests: a second browser context (another person at
another computer) and ILO staff to curate in the admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connections

from tests.factories.members import StaffUserFactory
from tests.factories.mfa import enrol_totp

PAGE_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _close_database_connections_opened_under_playwright(browser):
    """Rows created once Playwright's sync API is running (fixtures listed after `page`)
    go through a database connection of their own: asgiref keeps Django's connections in
    context variables, and Playwright runs the test in a different context. Nothing
    closes that connection, so the test database could not be dropped at the end of the
    session ("being accessed by other users"). Close it while its context is current."""
    yield
    connections.close_all()


@pytest.fixture
def new_page(browser, live_server) -> Callable:
    """new_page() opens a page in a fresh browser context: its own cookies and session,
    as a second person on another computer would have."""
    contexts = []

    def open_page(locale: str = "en-GB"):
        context = browser.new_context(base_url=live_server.url, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def ilo_staff():
    """ILO staff who curate in the admin: is_staff, in the "ILO staff" group, with the
    verified email address allauth needs before it lets anyone sign in and the
    authenticator app staff must use (sign in with tests.factories.mfa.sign_in_with_mfa)."""
    staff = StaffUserFactory(email="curator@ilo.example.org")
    enrol_totp(staff)
    return staff

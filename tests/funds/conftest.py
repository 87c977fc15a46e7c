"""Fixtures shared by the funding-calls tests."""

from __future__ import annotations

import pytest

from tests.factories.members import StaffUserFactory


@pytest.fixture
def staff():
    return StaffUserFactory(email="curator@ilo.example.org")


@pytest.fixture
def staff_client(client, staff, login_with_mfa):
    login_with_mfa(client, staff)
    return client

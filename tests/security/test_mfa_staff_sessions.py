"""Staff sessions are shorter than members': an absolute limit from sign-in and an idle
timeout (core/security/staff_sessions.py), on a real clock moved by time-machine."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from tests.factories.members import StaffUserFactory, UserFactory
from tests.factories.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff_client(clock):
    client = Client()
    login_with_mfa(client, StaffUserFactory(email="curator@ilo.example.org"))
    return client


def test_staff_are_signed_out_after_thirty_idle_minutes(staff_client, clock):
    assert staff_client.get("/admin/").status_code == 200
    clock.shift(dt.timedelta(minutes=31))

    response = staff_client.get("/admin/funds/fundingcall/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Ffunds%2Ffundingcall%2F"
    assert not signed_in(staff_client)
    page = staff_client.get(response["Location"])
    assert "staff sessions end after 30 minutes without activity" in page.text


def test_activity_keeps_a_staff_session_alive_within_the_idle_timeout(staff_client, clock):
    for _ in range(6):  # two hours, a request every 20 minutes
        clock.shift(dt.timedelta(minutes=20))
        assert staff_client.get("/admin/").status_code == 200
    assert signed_in(staff_client)


def test_staff_are_signed_out_twelve_hours_after_signing_in_however_active(staff_client, clock):
    for _ in range(12 * 3 - 1):  # a request every 20 minutes until 11 h 40
        clock.shift(dt.timedelta(minutes=20))
        assert staff_client.get("/admin/").status_code == 200

    clock.shift(dt.timedelta(minutes=21))
    response = staff_client.get("/admin/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not signed_in(staff_client)
    assert "staff sessions end 12 hours after signing in" in staff_client.get(response["Location"]).text


def test_the_limits_come_from_settings(settings, staff_client, clock):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    clock.shift(dt.timedelta(minutes=4))
    assert staff_client.get("/admin/").status_code == 200
    clock.shift(dt.timedelta(minutes=6))
    assert staff_client.get("/admin/").status_code == 302

    settings.STAFF_SESSION_MAX_HOURS = 1
    settings.STAFF_SESSION_IDLE_MINUTES = 120
    login_with_mfa(staff_client, StaffUserFactory())
    clock.shift(dt.timedelta(minutes=59))
    assert staff_client.get("/admin/").status_code == 200
    clock.shift(dt.timedelta(minutes=2))
    assert staff_client.get("/admin/").status_code == 302


def test_a_superuser_session_has_the_same_limits(clock):
    client = Client()
    login_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    clock.shift(dt.timedelta(minutes=31))

    assert client.get("/admin/").status_code == 302
    assert not signed_in(client)


def test_members_keep_their_longer_session(clock):
    client = Client()
    client.force_login(UserFactory())
    clock.shift(dt.timedelta(days=3))

    assert client.get("/members/profile/").status_code == 200
    assert signed_in(client)


def test_a_busy_staff_session_is_not_written_on_every_request(staff_client, clock):
    staff_client.get("/admin/")
    clock.shift(dt.timedelta(seconds=10))
    session_key = staff_client.session.session_key
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=session_key).session_data
    staff_client.get("/admin/")
    assert Session.objects.get(session_key=session_key).session_data == before
    clock.shift(dt.timedelta(minutes=2))
    staff_client.get("/admin/")
    assert Session.objects.get(session_key=session_key).session_data != before

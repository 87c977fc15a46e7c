"""The series generates its sessions ahead, idempotently, respecting moved/cancelled ones."""

import datetime as dt

import pytest
from django.utils import timezone

from events import services as event_services
from events.models import Session
from peer_exchange import services
from peer_exchange.models import PeerSession
from tests.factories.peer_exchange import SeriesFactory

pytestmark = pytest.mark.django_db


def test_a_series_creates_a_session_every_two_weeks_for_eight_weeks_on_its_weekday():
    SeriesFactory(weekday=2, first_date=dt.date(2026, 12, 1))

    created = services.series_generate(today=dt.date(2026, 12, 4))

    slots = list(PeerSession.objects.values_list("slot", flat=True))
    assert created == 4
    assert slots == [
        dt.date(2026, 12, 16),
        dt.date(2026, 12, 30),
        dt.date(2027, 1, 13),
        dt.date(2027, 1, 27),
    ]
    assert all(day.weekday() == 2 for day in slots)
    first = Session.objects.get(peer__slot=dt.date(2026, 12, 16))
    assert first.app == "peer_exchange" and first.status == "published"
    assert first.starts_local.hour == 14


def test_running_the_generation_twice_creates_no_duplicates():
    SeriesFactory()

    first = services.series_generate()
    second = services.series_generate()

    assert first > 0 and second == 0
    assert Session.objects.of_app("peer_exchange").count() == first


def test_a_moved_or_cancelled_occurrence_is_kept_as_staff_left_it(staff):
    series = SeriesFactory()
    services.series_generate()
    moved, cancelled = series.occurrences.select_related("session")[:2]
    new_start = moved.session.starts_at + dt.timedelta(days=1)
    event_services.session_update(
        session=moved.session,
        actor=staff,
        data={"starts_at": new_start, "ends_at": new_start + dt.timedelta(hours=1)},
    )
    event_services.session_cancel(session=cancelled.session, actor=staff)

    assert services.series_generate() == 0
    moved.session.refresh_from_db()
    cancelled.session.refresh_from_db()
    assert moved.session.starts_at == new_start
    assert cancelled.session.status == "cancelled"
    assert PeerSession.objects.filter(slot=cancelled.slot).count() == 1


def test_later_runs_add_the_next_slots_as_time_passes():
    SeriesFactory(first_date=timezone.localdate())
    before = services.series_generate(today=timezone.localdate())

    later = services.series_generate(today=timezone.localdate() + dt.timedelta(weeks=4))

    assert later == 2
    assert PeerSession.objects.count() == before + 2


def test_the_beat_task_run_twice_has_one_effect():
    from peer_exchange.tasks import series_generate

    SeriesFactory()
    assert series_generate.delay().get() > 0
    assert series_generate.delay().get() == 0

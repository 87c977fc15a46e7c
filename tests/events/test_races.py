"""Seats are never oversold under real concurrency (PostgreSQL, one connection per thread).

The reference is pretix: lock the quota's row, recount inside the transaction. The last
test removes the lock and shows the race then breaks the rule — the proof that the lock,
not luck, holds it.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Registration
from events.services.registration import without_seat_lock
from tests.factories.events import SessionFactory
from tests.factories.members import UserFactory

# 100 rounds of 50 real transactions take minutes on a shared 2-core machine.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,  # needs Redis: emails are queued to the broker
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(1800),
]

PEOPLE, SEATS = 50, 10


@pytest.fixture(autouse=True)
def _emails_queued_as_in_production(settings):
    """The web process queues emails to the broker and never sends them itself (a worker
    does): publish to Redis here too, instead of running every send task in-process, so
    the race measures registration, not 5,000 SMTP conversations."""
    from tests.integration.harness import publishing_to

    with publishing_to(settings.REDIS_URL) as app:
        app.control.purge()
        yield
        app.control.purge()


@pytest.fixture
def pool():
    """50 threads, each keeping its own database connection for the whole test."""
    executor = ThreadPoolExecutor(max_workers=PEOPLE)
    yield executor
    barrier = threading.Barrier(PEOPLE)

    def close():
        barrier.wait(timeout=30)
        connection.close()

    list(executor.map(lambda _i: close(), range(PEOPLE)))
    executor.shutdown()


def _race(pool, jobs):
    """Run every job at the same instant (a barrier), one per pooled thread."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait(timeout=30)
        return job()

    return list(pool.map(run, jobs))


def _round(pool, people) -> tuple[int, list[int]]:
    session = SessionFactory(capacity=SEATS, reminder_minutes=[])
    _race(
        pool,
        [
            lambda user=user: services.registration_register(session=session, user=user)
            for user in people
        ],
    )
    confirmed = session.registrations.filter(status="confirmed").count()
    positions = sorted(
        services.waitlist_position(r) for r in session.registrations.filter(status="waitlisted")
    )
    return confirmed, positions


def test_fifty_people_racing_for_ten_seats_give_ten_confirmed_and_forty_in_order_every_round(pool):
    people = [UserFactory(email=f"racer{n}@example.org", verified=False) for n in range(PEOPLE)]

    for _round_number in range(100):
        confirmed, positions = _round(pool, people)

        assert confirmed == SEATS
        assert positions == list(range(1, PEOPLE - SEATS + 1))


def test_the_last_seat_against_a_cancellation_is_held_by_exactly_one_person(pool):
    for n in range(30):
        holder, newcomer = (
            UserFactory(email=f"r{n}-{who}@example.org", verified=False) for who in "ab"
        )
        session = SessionFactory(capacity=1)
        held = services.registration_register(session=session, user=holder)

        _race(
            pool,
            [
                lambda held=held, holder=holder: services.registration_cancel(
                    registration=held, actor=holder
                ),
                lambda session=session, newcomer=newcomer: services.registration_register(
                    session=session, user=newcomer
                ),
            ],
        )

        seats = list(session.registrations.holding_seat().values_list("user_id", flat=True))
        assert seats == [newcomer.pk]


def test_accepting_an_offer_against_its_expiry_ends_one_way_only(pool):
    for n in range(30):
        a, b, c = (UserFactory(email=f"x{n}-{who}@example.org", verified=False) for who in "abc")
        session = SessionFactory(capacity=1)
        first = services.registration_register(session=session, user=a)
        offered = services.registration_register(session=session, user=b)
        services.registration_register(session=session, user=c)
        services.registration_cancel(registration=first, actor=a)
        offered.refresh_from_db()
        lapse_at = timezone.now() + timedelta(days=2)

        def accept(offered=offered, b=b):
            try:
                return services.offer_accept(
                    registration=offered, offer_number=offered.offer_number, actor=b
                )
            except services.registration.RegistrationError:
                return None

        _race(pool, [accept, lambda lapse_at=lapse_at: services.offers_expire(now=lapse_at)])

        statuses = dict(session.registrations.values_list("user_id", "status"))
        assert statuses[b.pk] in {"confirmed", "expired"}
        if statuses[b.pk] == "confirmed":
            assert statuses[c.pk] == "waitlisted"
        else:
            assert statuses[c.pk] == "offered"
        assert session.registrations.holding_seat().count() == 1


def test_without_the_seat_lock_the_same_race_oversells(pool):
    """The proof: the lock is what keeps the count right. Without it, some round of the
    50-for-10 race ends with more than 10 seats taken or a broken queue."""
    people = [UserFactory(email=f"nolock{n}@example.org", verified=False) for n in range(PEOPLE)]
    broken = 0
    with without_seat_lock():
        for _round_number in range(20):
            confirmed, positions = _round(pool, people)
            if confirmed != SEATS or positions != list(range(1, PEOPLE - SEATS + 1)):
                broken += 1
                break

    assert broken, "without the lock the race should have oversold or broken the waiting list"
    assert Registration.objects.filter(status="confirmed").count() > 0

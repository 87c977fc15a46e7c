"""Every scheduled job run twice has no second effect (tasks run eagerly here)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.outbox.models import Email
from events import services
from events.models import Registration
from events.tasks import follow_ups_send as follow_ups_send_task
from events.tasks import offers_expire as offers_expire_task
from events.tasks import reminders_send as reminders_send_task
from tests.factories.events import SessionFactory

pytestmark = pytest.mark.django_db


def reminders():
    return Email.objects.filter(key__startswith="events:reminder:")


def test_the_reminders_task_run_twice_sends_each_reminder_once(member):
    session = SessionFactory(starts_at=timezone.now() + timedelta(minutes=50))
    registration = services.registration_register(session=session, user=member)
    Registration.objects.filter(pk=registration.pk).update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )

    reminders_send_task.delay()
    reminders_send_task.delay()

    # Both the 24-hour and the 1-hour reminder are due, each sent once.
    assert reminders().count() == 2


def test_no_reminder_before_it_is_due_nor_to_cancelled_registrations(member, people):
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=3))
    services.registration_register(session=session, user=member)
    soon = SessionFactory(starts_at=timezone.now() + timedelta(minutes=30))
    [gone] = people(1)
    registration = services.registration_register(session=soon, user=gone)
    services.registration_cancel(registration=registration, actor=gone)

    assert services.reminders_send() == 0
    assert not reminders().exists()


def test_a_moved_session_reminds_again_at_its_new_time(member, staff):
    session = SessionFactory(
        starts_at=timezone.now() + timedelta(minutes=50), reminder_minutes=[60]
    )
    registration = services.registration_register(session=session, user=member)
    Registration.objects.filter(pk=registration.pk).update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )
    services.reminders_send()
    new_start = timezone.now() + timedelta(minutes=40)

    services.session_update(
        session=session,
        actor=staff,
        data={"starts_at": new_start, "ends_at": new_start + timedelta(hours=1)},
    )
    services.reminders_send()
    services.reminders_send()

    assert reminders().count() == 2
    registration.refresh_from_db()
    update = Email.objects.get(key=f"events:updated:{registration.pk}:1")
    assert "SEQUENCE:1" in update.attachments[0]["content"]


def test_the_offer_expiry_task_run_twice_passes_a_seat_on_once(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)
    first = services.registration_register(session=session, user=a)
    services.registration_register(session=session, user=b)
    services.registration_register(session=session, user=c)
    services.registration_cancel(registration=first, actor=a)

    session.registrations.filter(status="offered").update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    offers_expire_task.delay()
    offers_expire_task.delay()

    assert sorted(session.registrations.values_list("status", flat=True)) == [
        "cancelled",
        "expired",
        "offered",
    ]


def test_the_follow_up_task_run_twice_sends_the_recording_once_and_feedback_to_attendees(
    member, staff, people
):
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=1))
    came = services.registration_register(session=session, user=member)
    [absent] = people(1)
    missed = services.registration_register(session=session, user=absent)
    services.attendance_mark(registration=came, actor=staff, attended=True)
    past = timezone.now() - timedelta(hours=3)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=past,
        ends_at=past + timedelta(hours=1),
        recording_url="https://video.example.org/rec",
    )

    follow_ups_send_task.delay()
    follow_ups_send_task.delay()

    follow_ups = Email.objects.filter(key__startswith="events:follow-up:")
    assert follow_ups.count() == 2
    assert "/sessions/feedback/" in follow_ups.get(key=f"events:follow-up:{came.pk}").text_body
    assert (
        "/sessions/feedback/" not in follow_ups.get(key=f"events:follow-up:{missed.pk}").text_body
    )
    assert "video.example.org/rec" in follow_ups.get(key=f"events:follow-up:{missed.pk}").text_body

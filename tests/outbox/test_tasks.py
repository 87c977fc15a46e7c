"""Every outbox task run twice has no second effect (tasks run eagerly here)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.outbox.models import Email
from core.outbox.tasks import email_requeue_stuck as email_requeue_stuck_task
from core.outbox.tasks import email_send as email_send_task
from core.outbox.tasks import email_send_due as email_send_due_task
from network_portal.celery import app
from tests.factories.outbox import EmailFactory

pytestmark = pytest.mark.django_db


def test_the_send_task_run_twice_sends_one_message():
    email = EmailFactory()

    email_send_task.delay(email.pk)
    email_send_task.delay(email.pk)

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.state == Email.State.SENT


def test_the_send_task_for_a_deleted_email_does_nothing():
    email_send_task.delay(424242)

    assert mail.outbox == []


def test_the_send_due_task_run_twice_sends_each_due_email_once():
    EmailFactory.create_batch(2)

    email_send_due_task.delay()
    email_send_due_task.delay()

    assert len(mail.outbox) == 2


def test_the_requeue_stuck_task_run_twice_requeues_once():
    email = EmailFactory(
        state=Email.State.SENDING, locked_at=timezone.now() - timedelta(minutes=30)
    )

    assert email_requeue_stuck_task.delay().get() == 1
    assert email_requeue_stuck_task.delay().get() == 0
    assert email_requeue_stuck_task.delay(older_than_seconds=1).get() == 0
    email.refresh_from_db()
    assert email.state == Email.State.QUEUED


def test_outbox_tasks_acknowledge_late_because_they_are_idempotent():
    for task in (email_send_task, email_send_due_task, email_requeue_stuck_task):
        assert task.acks_late is True


def test_beat_sends_due_email_every_minute_and_sweeps_stuck_rows_every_five_minutes():
    schedule = app.conf.beat_schedule
    send_due = schedule["outbox-send-due"]
    requeue = schedule["outbox-requeue-stuck"]

    assert send_due["task"] == email_send_due_task.name
    assert send_due["schedule"] == timedelta(minutes=1)
    assert requeue["task"] == email_requeue_stuck_task.name
    assert requeue["schedule"] == timedelta(minutes=5)
    assert send_due["task"] in app.tasks
    assert requeue["task"] in app.tasks

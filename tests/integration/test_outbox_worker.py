"""The outbox with a real Celery worker process, real Redis and real PostgreSQL.

Delivered messages are counted on disk (file-based email backend), by their
X-Portal-Key header, so "exactly once" is checked where a recipient would see it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.outbox import services
from core.outbox.models import Email
from core.outbox.tasks import email_requeue_stuck as email_requeue_stuck_task
from core.outbox.tasks import email_send as email_send_task
from core.outbox.tasks import email_send_due as email_send_due_task

from .harness import delivered_keys, publishing_to, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
]


def _queue(key: str, **extra) -> Email:
    return services.email_queue(
        key=key,
        to=f"{key.replace(':', '-')}@example.org",
        subject=f"Message {key}",
        text=f"Plain text of {key}",
        html=f"<p>HTML of {key}</p>",
        headers={"List-Unsubscribe": "<https://portal.example.org/u/x>"},
        **extra,
    )


def _succeeded(worker) -> int:
    return worker.log().count(" succeeded in ")


def test_a_queued_email_is_delivered_exactly_once_by_the_worker(
    shared_broker_url, celery_worker_factory, mail_dir
):
    worker = celery_worker_factory(broker_url=shared_broker_url)

    with publishing_to(shared_broker_url):
        with transaction.atomic():
            email = _queue("membership-decision:3")
        wait_for(
            lambda: delivered_keys(mail_dir)["membership-decision:3"],
            timeout=15,
            message="delivery",
        )
        wait_for(
            lambda: Email.objects.get(pk=email.pk).state == Email.State.SENT,
            timeout=5,
            message="sent",
        )

        # The same task again, and the sweeper, find nothing left to do.
        email_send_task.delay(email.pk)
        email_send_due_task.delay()
        wait_for(lambda: _succeeded(worker) >= 3, timeout=15, message="the extra tasks")

    assert delivered_keys(mail_dir) == {"membership-decision:3": 1}
    email.refresh_from_db()
    assert email.attempts == 1
    (path,) = mail_dir.iterdir()
    content = path.read_text()
    assert "Content-Type: multipart/alternative" in content
    assert "List-Unsubscribe: <https://portal.example.org/u/x>" in content


def test_killing_the_worker_mid_send_loses_and_doubles_nothing(
    private_redis, celery_worker_factory, mail_dir
):
    keys = [f"digest:{n}:2026-W48" for n in range(50)]
    slow = {
        "EMAIL_BACKEND": "tests.integration.backends.SlowFileBackend",
        "OUTBOX_TEST_SEND_DELAY": "0.3",
    }
    first = celery_worker_factory(broker_url=private_redis.url, extra_env=slow)

    with publishing_to(private_redis.url):
        with transaction.atomic():
            for key in keys:
                _queue(key)

        def sending_right_now():
            # Kill just after a row was taken (its file is written 0.3 s later), so the
            # kill lands in the middle of a send, not in the tiny at-least-once window.
            if len(delivered_keys(mail_dir)) < 5:
                return None
            row = Email.objects.filter(state=Email.State.SENDING).first()
            if row and timezone.now() - row.locked_at < timedelta(seconds=0.05):
                return row
            return None

        victim = wait_for(
            sending_right_now, timeout=20, interval=0.005, message="a send in progress"
        )
        first.kill()  # SIGKILL

        victim.refresh_from_db()
        assert victim.state == Email.State.SENDING
        assert victim.key not in delivered_keys(mail_dir)
        delivered_before = len(delivered_keys(mail_dir))
        assert delivered_before < len(keys)

        second = celery_worker_factory(broker_url=private_redis.url)
        # What beat does every 5 minutes and every minute, with a short stuck threshold.
        email_requeue_stuck_task.delay(older_than_seconds=1)
        email_send_due_task.delay()
        wait_for(
            lambda: len(delivered_keys(mail_dir)) == len(keys),
            timeout=25,
            message="all 50 delivered",
        )
        wait_for(
            lambda: _succeeded(second) >= len(keys) - delivered_before + 1,
            timeout=10,
            message="tasks done",
        )

    counts = delivered_keys(mail_dir)
    assert set(counts) == set(keys)
    assert max(counts.values()) == 1, [k for k, n in counts.items() if n > 1]
    assert Email.objects.filter(state=Email.State.SENT).count() == len(keys)
    victim.refresh_from_db()
    assert victim.attempts == 2


def test_queueing_while_redis_is_down_is_quick_and_the_sweeper_sends_it_later(
    private_redis, celery_worker_factory, mail_dir
):
    with publishing_to(private_redis.url):
        private_redis.stop()

        started = time.monotonic()
        with transaction.atomic():
            email = _queue("reminder:5:14d:2026-12-01")
        elapsed = time.monotonic() - started

        assert elapsed < 2.5
        email.refresh_from_db()
        assert email.state == Email.State.QUEUED

        private_redis.start()
        celery_worker_factory(broker_url=private_redis.url)
        email_send_due_task.delay()  # what beat sends every minute
        wait_for(
            lambda: delivered_keys(mail_dir)["reminder:5:14d:2026-12-01"],
            timeout=15,
            message="delivery",
        )

        wait_for(
            lambda: Email.objects.get(pk=email.pk).state == Email.State.SENT,
            timeout=5,
            message="sent",
        )

    assert delivered_keys(mail_dir) == {"reminder:5:14d:2026-12-01": 1}

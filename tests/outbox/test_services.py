import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.outbox import services
from core.outbox.models import Email
from tests.factories.outbox import EmailFactory

pytestmark = pytest.mark.django_db


def _queue(**overrides):
    fields = {
        "to": "ana@example.org",
        "subject": "Your application was received",
        "text": "Thank you.",
        "html": "<p>Thank you.</p>",
        "key": "membership-received:1",
    }
    return services.email_queue(**{**fields, **overrides})


# --- Queueing --------------------------------------------------------------------------


def test_queueing_twice_with_the_same_key_creates_one_row_and_sends_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _queue()
        second = _queue(subject="A different subject")

    assert second.pk == first.pk
    assert second.subject == "Your application was received"
    assert Email.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_queueing_without_a_key_makes_every_call_a_new_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        one = _queue(key=None)
        two = _queue(key=None)

    assert one.key != two.key
    assert one.key.startswith("auto:")
    assert len(mail.outbox) == 2


def test_a_queued_email_waits_for_the_commit_before_it_is_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = _queue()
        assert mail.outbox == []
        assert email.state == Email.State.QUEUED

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.state == Email.State.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the caller's service failed after queueing")

    assert callbacks == []
    assert Email.objects.count() == 0
    assert mail.outbox == []


def test_queueing_when_the_broker_is_down_leaves_the_row_queued_without_raising(
    django_capture_on_commit_callbacks, unreachable_broker
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()

    email.refresh_from_db()
    assert email.state == Email.State.QUEUED
    assert mail.outbox == []
    # The sweeper sends it later.
    assert services.email_send_due() == 1
    assert len(mail.outbox) == 1


def test_after_a_broker_failure_further_emails_do_not_wait_on_the_broker_again(
    django_capture_on_commit_callbacks, unreachable_broker, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(key="a")
        _queue(key="b")

    assert sum("could not enqueue" in r.getMessage() for r in caplog.records) == 1
    assert sum("recently unreachable" in r.getMessage() for r in caplog.records) == 1
    assert Email.objects.filter(state=Email.State.QUEUED).count() == 2


@pytest.fixture
def unreachable_broker():
    """A real broker URL nobody listens on: publishing fails with a connection error."""
    from tests.integration.harness import free_port, publishing_to

    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        yield


# --- Sending ---------------------------------------------------------------------------


def test_sending_twice_delivers_one_message():
    email = EmailFactory()

    first = services.email_send(email_id=email.pk)
    second = services.email_send(email_id=email.pk)

    assert first.state == Email.State.SENT
    assert second is None
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_sent_message_has_a_text_and_an_html_part_its_headers_and_its_key():
    email = EmailFactory(
        key="alert:12:call:34",
        headers={"List-Unsubscribe": "<https://portal.example.org/alerts/unsubscribe/abc>"},
    )

    services.email_send(email_id=email.pk)

    (message,) = mail.outbox
    assert message.to == [email.to]
    assert message.subject == email.subject
    assert message.body == email.text_body
    assert message.alternatives[0].content == email.html_body
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == email.headers["List-Unsubscribe"]
    assert message.extra_headers["X-Portal-Key"] == "alert:12:call:34"
    assert message.extra_headers["Message-ID"].startswith(f"<outbox.{email.pk}.")
    assert message.message()["X-Portal-Key"] == "alert:12:call:34"


def test_a_message_without_html_is_sent_as_plain_text():
    email = EmailFactory(html_body="")

    services.email_send(email_id=email.pk)

    assert mail.outbox[0].alternatives == []


def test_an_email_missing_from_the_database_is_a_quiet_no_op():
    assert services.email_send(email_id=987654) is None
    assert mail.outbox == []


def test_an_email_being_sent_by_another_worker_is_not_sent_again():
    email = EmailFactory(state=Email.State.SENDING, locked_at=timezone.now(), attempts=1)

    assert services.email_send(email_id=email.pk) is None
    assert mail.outbox == []


def test_a_failing_server_records_the_error_and_schedules_a_retry_with_backoff(failing_mail):
    email = EmailFactory()
    before = timezone.now()

    result = services.email_send(email_id=email.pk)

    assert result.state == Email.State.FAILED
    assert result.attempts == 1
    assert "SMTPException" in result.last_error
    assert "421 Service not available" in result.last_error
    assert result.locked_at is None
    assert (
        before + timedelta(minutes=1)
        <= result.next_attempt_at
        <= timezone.now() + timedelta(minutes=1)
    )
    assert not result.is_given_up


def test_a_failed_email_waits_for_its_backoff_and_is_then_sent_once(request, failing_mail):
    email = EmailFactory()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.email_send(email_id=email.pk)
        request.getfixturevalue("locmem_mail")  # the server is back

        assert services.email_send(email_id=email.pk) is None  # not due yet
        assert services.email_send_due() == 0

        clock.shift(timedelta(minutes=1, seconds=1))
        assert services.email_send_due() == 1
        assert services.email_send_due() == 0

    email.refresh_from_db()
    assert email.state == Email.State.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mail.outbox) == 1


def test_the_outbox_backs_off_longer_each_time_and_gives_up_after_the_last_attempt(failing_mail):
    email = EmailFactory()
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(services.MAX_ATTEMPTS):
            result = services.email_send(email_id=email.pk)
            assert result is not None
            if result.next_attempt_at is None:
                break
            waits.append(result.next_attempt_at - timezone.now())
            clock.move_to(result.next_attempt_at)

    assert waits == list(services.RETRY_BACKOFF)
    email.refresh_from_db()
    assert email.attempts == services.MAX_ATTEMPTS
    assert email.is_given_up
    assert Email.objects.given_up().get() == email
    assert services.email_send(email_id=email.pk) is None


def test_a_refused_recipient_is_given_up_at_once(refusing_mail):
    email = EmailFactory()

    result = services.email_send(email_id=email.pk)

    assert result.is_given_up
    assert result.attempts == 1
    assert "SMTPRecipientsRefused" in result.last_error


def test_send_due_sends_every_due_email_and_leaves_future_retries_and_sent_ones_alone():
    due = EmailFactory.create_batch(3)
    later = EmailFactory(
        state=Email.State.FAILED, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    given_up = EmailFactory(state=Email.State.FAILED, attempts=6, next_attempt_at=None)
    sent = EmailFactory(state=Email.State.SENT, sent_at=timezone.now(), next_attempt_at=None)

    assert services.email_send_due(batch_size=2) == 3

    assert sorted(m.extra_headers["X-Portal-Key"] for m in mail.outbox) == sorted(
        e.key for e in due
    )
    for email, state in [(later, "failed"), (given_up, "failed"), (sent, "sent")]:
        email.refresh_from_db()
        assert email.state == state


def test_send_due_stops_taking_rows_when_its_time_budget_is_spent():
    EmailFactory.create_batch(3)

    assert services.email_send_due(time_budget=timedelta(0)) == 0
    assert Email.objects.due().count() == 3


# --- Stuck rows ------------------------------------------------------------------------


def test_an_email_stuck_in_sending_is_requeued_and_then_sent_once():
    now = timezone.now()
    stuck = EmailFactory(
        state=Email.State.SENDING, attempts=1, locked_at=now - timedelta(minutes=11)
    )
    busy = EmailFactory(state=Email.State.SENDING, attempts=1, locked_at=now - timedelta(minutes=1))

    assert services.email_requeue_stuck() == 1
    assert services.email_requeue_stuck() == 0

    stuck.refresh_from_db()
    assert stuck.state == Email.State.QUEUED
    assert stuck.locked_at is None
    assert "Requeued" in stuck.last_error
    assert services.email_send_due() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == Email.State.SENT
    assert stuck.attempts == 2
    assert busy.state == Email.State.SENDING
    assert [m.extra_headers["X-Portal-Key"] for m in mail.outbox] == [stuck.key]


def test_a_short_stuck_threshold_can_be_given():
    EmailFactory(state=Email.State.SENDING, locked_at=timezone.now() - timedelta(seconds=3))

    assert services.email_requeue_stuck(older_than=timedelta(seconds=1)) == 1


# --- Staff actions ---------------------------------------------------------------------


def test_resending_a_sent_email_queues_a_new_row_and_keeps_the_history(
    django_capture_on_commit_callbacks,
):
    original = EmailFactory(
        key="membership-decision:3", state=Email.State.SENT, sent_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = services.email_resend(email=original)
        second = services.email_resend(email=original)

    assert first.key == "membership-decision:3:resend:1"
    assert second.key == "membership-decision:3:resend:2"
    assert (first.subject, first.to, first.html_body) == (
        original.subject,
        original.to,
        original.html_body,
    )
    original.refresh_from_db()
    assert original.state == Email.State.SENT
    assert [m.extra_headers["X-Portal-Key"] for m in mail.outbox] == [first.key, second.key]


def test_resending_a_given_up_email_sends_the_same_row_again(django_capture_on_commit_callbacks):
    email = EmailFactory(
        state=Email.State.FAILED, attempts=6, next_attempt_at=None, last_error="boom"
    )

    with django_capture_on_commit_callbacks(execute=True):
        row = services.email_resend(email=email)

    assert row.pk == email.pk
    row.refresh_from_db()
    assert row.state == Email.State.SENT
    assert row.attempts == 1
    assert Email.objects.count() == 1


def test_an_email_being_sent_cannot_be_resent():
    email = EmailFactory(state=Email.State.SENDING, locked_at=timezone.now())

    with pytest.raises(services.OutboxError):
        services.email_resend(email=email)


def test_retry_failed_requeues_only_failed_emails(django_capture_on_commit_callbacks):
    failed = EmailFactory(
        state=Email.State.FAILED, attempts=2, next_attempt_at=timezone.now() + timedelta(hours=2)
    )
    given_up = EmailFactory(state=Email.State.FAILED, attempts=6, next_attempt_at=None)
    sent = EmailFactory(state=Email.State.SENT, sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        retried = services.email_retry_failed(emails=Email.objects.all())

    assert {e.pk for e in retried} == {failed.pk, given_up.pk}
    assert Email.objects.filter(state=Email.State.SENT).count() == 3
    assert len(mail.outbox) == 2
    sent.refresh_from_db()
    assert sent.attempts == 0


def test_a_row_is_not_taken_from_a_worker_still_within_the_task_time_limit(settings):
    settings.CELERY_TASK_TIME_LIMIT = 15 * 60
    EmailFactory(state=Email.State.SENDING, locked_at=timezone.now() - timedelta(minutes=11))

    assert services.email_requeue_stuck() == 0


def test_a_fresh_email_is_sent_even_when_the_workers_clock_runs_a_little_behind():
    email = EmailFactory(next_attempt_at=timezone.now() + timedelta(seconds=5))

    assert services.email_send(email_id=email.pk).state == Email.State.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_queueing_the_same_key_at_once_make_one_row_and_one_email():
    from django.db import connection

    first_inserted, release = threading.Event(), threading.Event()
    rows = {}

    def first():
        with transaction.atomic():
            rows["first"] = _queue(key="membership-decision:9")
            first_inserted.set()
            release.wait(10)
        connection.close()

    def second():
        first_inserted.wait(10)
        with transaction.atomic():  # waits on the unique index until `first` commits
            rows["second"] = _queue(key="membership-decision:9", subject="Other")
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_inserted.wait(10)
    time.sleep(0.3)
    assert "second" not in rows  # blocked, not failed
    release.set()
    for thread in threads:
        thread.join(10)

    assert rows["second"].pk == rows["first"].pk
    assert Email.objects.get().subject == "Your application was received"
    assert len(mail.outbox) == 1

"""Writes on the email outbox: queue a message, send it, retry it, sweep stuck rows.

Guarantees, and their one limit:

* **Never lost.** A message exists as soon as the caller's transaction commits (the row
  is written in it). Enqueueing the send task happens after commit and may fail (Redis
  down): the row then stays queued and `email_send_due` (beat, every minute) sends it.
* **Never doubled by the portal.** The unique `key` refuses a second row for the same
  logical message; `email_send` takes a row under `SELECT … FOR UPDATE SKIP LOCKED` and
  only when it is due, so duplicate tasks, the sweeper and several workers never send
  the same row twice.
* **At-least-once at the very edge.** A row is marked "sending" and committed *before*
  the SMTP conversation, and marked "sent" right after the backend returns. If the
  worker dies between the server accepting the message and that second commit, the row
  stays "sending"; `email_requeue_stuck` later puts it back and it is sent again. We
  accept this (a rare duplicate) over the alternative (a rare silent loss). The window
  is a single UPDATE wide, and every message carries a stable Message-ID derived from
  its key so mail clients can fold such a duplicate.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable
from datetime import timedelta
from email import policy as email_policy
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError

from .models import Email

logger = logging.getLogger(__name__)

# Wait before attempt 2, 3, … ; after the last one the outbox gives up (state failed,
# next_attempt_at empty), visible to staff in the admin who can retry it.
RETRY_BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1
# A row "sending" for longer than this lost its worker. Above the task hard time limit
# (CELERY_TASK_TIME_LIMIT), so a slow but live send is never taken from under its worker.
STUCK_AFTER = timedelta(minutes=10)


def _stuck_after() -> timedelta:
    return max(STUCK_AFTER, 2 * timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT))


# email_send_due stops taking new rows after this long, so that beat's next run (every
# minute) does not pile on a run still busy; what is left is taken by that next run.
SEND_DUE_TIME_BUDGET = timedelta(seconds=45)
SEND_DUE_BATCH_SIZE = 100
KEY_HEADER = "X-Portal-Key"

# Errors that will not go away by retrying: give up at once and show them to staff.
_PERMANENT_SMTP_ERRORS = (smtplib.SMTPRecipientsRefused,)


class OutboxError(DomainError):
    pass


# --- Queueing --------------------------------------------------------------------------


def email_queue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    language: str = "en",
    template: str = "",
    key: str | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Email:
    """Insert one outbox row and send it after the surrounding transaction commits.

    Idempotent per `key`: when a row with this key exists, it is returned unchanged and
    nothing is queued or sent (ON CONFLICT DO NOTHING semantics: a concurrent insert of
    the same key waits for the other transaction and then returns its row). Without a
    key a unique one is generated, i.e. every call is a new message.

    Never raises because the broker is down; see `_enqueue_send`.
    """
    key = key or f"auto:{uuid.uuid4().hex}"
    existing = Email.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so a lost race on the unique key leaves the caller's transaction usable.
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                to=to,
                subject=subject,
                text_body=text,
                html_body=html,
                headers=dict(headers or {}),
                language=language or settings.LANGUAGE_CODE,
                template=template,
                attachments=list(attachments or []),
            )
    except IntegrityError:
        existing = Email.objects.filter(key=key).first()
        if existing is None:  # another constraint failed: a real error
            raise
        return existing
    _enqueue_send_on_commit(email.pk)
    return email


def _enqueue_send_on_commit(email_id: int) -> None:
    transaction.on_commit(lambda: _enqueue_send(email_id))


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import KombuError
    from redis.exceptions import RedisError

    return (KombuError, RedisError, ConnectionError, OSError, TimeoutError)


# After a failed publish this process stops trying for a while: a loop queueing many
# emails while the broker is unreachable costs one connect timeout, not one per email.
BROKER_RETRY_AFTER = 10.0  # seconds
_broker_down_until = 0.0


def broker_circuit_reset() -> None:
    """Forget a recorded broker failure (tests; a process that knows the broker is back)."""
    global _broker_down_until
    _broker_down_until = 0.0


def _enqueue_send(email_id: int) -> bool:
    """Publish the send task once, without retrying: when Redis is down this fails fast
    (CELERY_BROKER_CONNECTION_TIMEOUT / CELERY_BROKER_TRANSPORT_OPTIONS) and the row
    waits for the sweeper. Never raises for broker errors. Returns whether the task was
    published (or, in eager mode, run)."""
    global _broker_down_until
    from .tasks import email_send as email_send_task

    if time.monotonic() < _broker_down_until:
        logger.info("outbox: broker recently unreachable; email %s left for the sweeper", email_id)
        return False
    try:
        email_send_task.apply_async(args=(email_id,), retry=False)
    except _broker_errors() as exc:
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        logger.warning(
            "outbox: could not enqueue email %s (%s); it stays queued for the sweeper",
            email_id,
            exc,
        )
        return False
    return True


# --- Sending ---------------------------------------------------------------------------


def email_send(*, email_id: int) -> Email | None:
    """Send one outbox row if it is due. Idempotent; safe to run concurrently.

    Takes the row under `SELECT … FOR UPDATE SKIP LOCKED` when it is queued, or failed
    with its retry time reached; marks it "sending" (attempts + 1) and commits; sends it;
    then marks it "sent" at once. On error it records `last_error` and schedules the next
    attempt (RETRY_BACKOFF), giving up after MAX_ATTEMPTS. Returns the row it worked on,
    or None when there was nothing to do (sent already, gone, not due, or another worker
    holds it). Delivery errors are recorded, not raised.

    Must run outside any transaction (a task, a command): the "sending" mark has to be
    committed before the SMTP conversation starts.
    """
    now = timezone.now()
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True).due(now).filter(pk=email_id).first()
        )
        if email is None:
            return None
        email.state = Email.State.SENDING
        email.locked_at = now
        email.attempts += 1
        email.save(update_fields=["state", "locked_at", "attempts"])

    try:
        _deliver(email)
    except Exception as exc:  # any backend error: record it, never lose the row
        return _record_failure(email, exc)

    # Right after the backend returned: the duplicate window is this one statement.
    sent_at = timezone.now()
    Email.objects.filter(pk=email.pk).update(
        state=Email.State.SENT, sent_at=sent_at, locked_at=None, next_attempt_at=None, last_error=""
    )
    email.state, email.sent_at, email.locked_at, email.next_attempt_at = (
        Email.State.SENT,
        sent_at,
        None,
        None,
    )
    email.last_error = ""
    return email


def _message_id(email: Email) -> str:
    """Stable per row, so a rare at-least-once duplicate carries the same Message-ID."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(email.key.encode()).hexdigest()[:24]
    return f"<outbox.{email.pk}.{digest}@{domain}>"


# RFC 5322 allows header lines of up to 998 characters. With Python's default of 78, a
# header holding one long unbreakable word — the signed one-click unsubscribe URL — is
# rewritten as RFC 2047 encoded words, which mail clients do not read in List-Unsubscribe
# (RFC 2369 / RFC 8058 want the bare <URL>): the unsubscribe button would never appear.
HEADER_LINE_LIMIT = 998


class OutboxMessage(EmailMultiAlternatives):
    """The portal's outgoing message: headers are folded at RFC 5322's limit, not 78."""

    def message(self, *, policy=email_policy.default):
        return super().message(policy=policy.clone(max_line_length=HEADER_LINE_LIMIT))


def _deliver(email: Email) -> None:
    headers = {"Message-ID": _message_id(email), **(email.headers or {}), KEY_HEADER: email.key}
    message = OutboxMessage(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    message.send(fail_silently=False)


def _record_failure(email: Email, exc: BaseException) -> Email:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    permanent = isinstance(exc, _PERMANENT_SMTP_ERRORS) or (
        isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600
    )
    if permanent or email.attempts >= MAX_ATTEMPTS:
        next_attempt_at = None
        logger.error(
            "outbox: giving up on email %s (%s) after %s attempts: %s",
            email.pk,
            email.key,
            email.attempts,
            error,
        )
    else:
        next_attempt_at = timezone.now() + RETRY_BACKOFF[email.attempts - 1]
        logger.warning(
            "outbox: email %s (%s) failed, attempt %s, retry at %s: %s",
            email.pk,
            email.key,
            email.attempts,
            next_attempt_at,
            error,
        )
    # Only if still ours: the sweeper may have handed a very slow send to another worker.
    Email.objects.filter(pk=email.pk, state=Email.State.SENDING, locked_at=email.locked_at).update(
        state=Email.State.FAILED, last_error=error, next_attempt_at=next_attempt_at, locked_at=None
    )
    email.refresh_from_db()
    return email


def email_send_due(
    *, batch_size: int = SEND_DUE_BATCH_SIZE, time_budget: timedelta = SEND_DUE_TIME_BUDGET
) -> int:
    """Send every due row (new ones whose task was lost, retries, swept rows), oldest
    first, in batches of `batch_size`, until none is left or `time_budget` is spent.
    Idempotent and safe alongside send tasks and other runs (rows are taken with SKIP
    LOCKED; each row is looked at once per run). Returns how many were sent."""
    deadline = time.monotonic() + time_budget.total_seconds()
    sent = 0
    last_pk = 0
    while time.monotonic() < deadline:
        ids = list(
            Email.objects.due()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        for email_id in ids:
            if time.monotonic() >= deadline:
                break
            email = email_send(email_id=email_id)
            sent += bool(email and email.state == Email.State.SENT)
            last_pk = email_id
    return sent


@transaction.atomic
def email_requeue_stuck(*, older_than: timedelta | None = None) -> int:
    """Put rows left in "sending" for longer than `older_than` (default: 10 minutes, or
    twice the task hard time limit if longer; their worker died) back to queued and due now. They are sent again by `email_send_due`: if the dead worker
    had already handed the message over, this is the documented at-least-once duplicate.
    Idempotent. Returns how many rows were requeued."""
    ids = list(
        Email.objects.stuck(older_than or _stuck_after())
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    count = Email.objects.filter(pk__in=ids, state=Email.State.SENDING).update(
        state=Email.State.QUEUED,
        locked_at=None,
        next_attempt_at=timezone.now(),
        last_error="Requeued: the worker sending it stopped before recording the result.",
    )
    logger.warning("outbox: requeued %s email(s) stuck in sending", count)
    return count


# --- Staff actions ---------------------------------------------------------------------


@transaction.atomic
def email_resend(*, email: Email) -> Email:
    """Send a message again now (the admin's "Resend now").

    A row not sent yet (queued or failed, including given up) is made due now and sent
    after commit. A sent row is left as history and a NEW row is queued with key
    "<key>:resend:<n>", so the record shows both sends. A row currently "sending" cannot
    be resent (OutboxError). Returns the row that will be sent."""
    email = Email.objects.select_for_update().get(pk=email.pk)
    if email.state == Email.State.SENDING:
        raise OutboxError(f"Email {email.pk} is being sent right now.")
    if email.state != Email.State.SENT:
        _make_due(email)
        return email
    n = Email.objects.filter(key__startswith=f"{email.key}:resend:").count() + 1
    while True:
        key = f"{email.key}:resend:{n}"
        if not Email.objects.filter(key=key).exists():
            break
        n += 1
    return email_queue(
        key=key,
        to=email.to,
        subject=email.subject,
        text=email.text_body,
        html=email.html_body,
        headers=email.headers,
        language=email.language,
        template=email.template,
    )


@transaction.atomic
def email_retry_failed(*, emails: Iterable[Email]) -> list[Email]:
    """Make failed rows (given up or waiting for their retry) due now, with a fresh
    attempt budget, and send them after commit. Other rows are left alone. Returns the
    rows retried."""
    ids = [e.pk for e in emails]
    retried = list(
        Email.objects.select_for_update()
        .filter(pk__in=ids, state=Email.State.FAILED)
        .order_by("pk")
    )
    for email in retried:
        _make_due(email)
    return retried


def _make_due(email: Email) -> None:
    email.state = Email.State.QUEUED
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.locked_at = None
    email.save(update_fields=["state", "attempts", "next_attempt_at", "locked_at"])
    _enqueue_send_on_commit(email.pk)

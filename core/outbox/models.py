"""The email outbox: one row per logical message, written in the caller's transaction.

A row is the durable promise that a message will be sent. `key` names the logical
message ("membership-decision:3", "digest:7:2026-W48") and is unique, so asking twice
for the same message never creates a second row nor a second email.

Life of a row::

    queued ──(worker locks it)──> sending ──(backend accepted it)──> sent
       ^                             │
       │                             └──(error)──> failed, next_attempt_at = now + backoff
       │                                              │        (or next_attempt_at empty:
       └────────(due again / swept / staff retry)─────┘         given up, shown in admin)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailQuerySet(models.QuerySet):
    def due(self, now: datetime | None = None) -> EmailQuerySet:
        """Rows a sender may take now: every queued one, and failed ones whose retry time
        came. (Queued rows do not wait on next_attempt_at, so a worker whose clock runs a
        little behind the web server's still sends a fresh message at once.)"""
        now = now or timezone.now()
        return self.filter(
            Q(state=Email.State.QUEUED) | Q(state=Email.State.FAILED, next_attempt_at__lte=now)
        )

    def stuck(self, older_than: timedelta) -> EmailQuerySet:
        """Rows left in "sending" longer than `older_than`: their worker died mid-send."""
        return self.filter(state=Email.State.SENDING, locked_at__lt=timezone.now() - older_than)

    def given_up(self) -> EmailQuerySet:
        return self.filter(state=Email.State.FAILED, next_attempt_at__isnull=True)


class Email(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(
        _("key"),
        max_length=255,
        help_text=_("Names the logical message; the same key is never sent twice."),
    )
    to = models.CharField(_("to"), max_length=320)
    subject = models.CharField(_("subject"), max_length=998)
    text_body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Text attachments ([{"filename", "content_type", "content"}]), e.g. a calendar invitation.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    template = models.CharField(_("template"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_("Empty on a failed email means the outbox gave up on it."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="outbox_email_unique_key"),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outbox_email_sent_has_sent_at",
            ),
        ]
        indexes = [
            # The sender's query: state IN (queued, failed) AND next_attempt_at <= now.
            models.Index(fields=["state", "next_attempt_at"], name="outbox_email_due_idx"),
            # The admin's list, newest first.
            models.Index(fields=["-created_at"], name="outbox_email_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"

    @property
    def is_given_up(self) -> bool:
        return self.state == self.State.FAILED and self.next_attempt_at is None

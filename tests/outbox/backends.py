"""Email backends standing in for an SMTP server in tests (set through EMAIL_BACKEND)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down: every send raises SMTPException."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available, closing transmission channel")


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses the recipient (a permanent 5xx error)."""

    def send_messages(self, email_messages):
        recipients = {r: (550, b"5.1.1 Mailbox unavailable") for m in email_messages for r in m.to}
        raise smtplib.SMTPRecipientsRefused(recipients)

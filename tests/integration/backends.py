"""Email backends for worker subprocesses in integration tests (set via EMAIL_BACKEND)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class SlowFileBackend(FileBackend):
    """The file backend behind a slow mail server: waits OUTBOX_TEST_SEND_DELAY seconds
    before writing each batch, so a test can kill the worker in the middle of a send."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("OUTBOX_TEST_SEND_DELAY", "0.2")))
        return super().send_messages(email_messages)

"""factory_boy factory for outbox rows (core.outbox)."""

import factory
from django.utils import timezone

from core.outbox.models import Email


class EmailFactory(factory.django.DjangoModelFactory):
    """A queued, due message. Pass state=Email.State.SENT with sent_at=... for history."""

    class Meta:
        model = Email

    key = factory.Sequence(lambda n: f"test:{n}")
    to = factory.Sequence(lambda n: f"person{n}@example.org")
    subject = "Your application was received"
    text_body = "Hello,\n\nthank you for applying.\n"
    html_body = "<p>Hello,</p><p>thank you for applying.</p>"
    headers = factory.LazyFunction(dict)
    language = "en"
    template = "members/emails/membership_received"
    next_attempt_at = factory.LazyFunction(timezone.now)

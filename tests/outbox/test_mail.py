import pytest
from django.core import mail
from django.db import transaction

from core.mail import send_templated_email
from core.outbox.models import Email

pytestmark = pytest.mark.django_db


def test_a_templated_email_is_delivered_once_after_commit_with_html_text_and_headers(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = send_templated_email(
            to="ana@example.org",
            template=email_templates,
            context={"name": "Ana", "call": "Green skills 2027"},
            language="fr",
            key="reminder:5:14d:2026-12-01",
            headers={"List-Unsubscribe": "<https://portal.example.org/u/abc>"},
        )
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Call Green skills 2027 closes soon"
    assert "Hello Ana, the call Green skills 2027 closes soon." in message.body
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<b>Green skills 2027</b>" in html
    assert message.extra_headers["List-Unsubscribe"] == "<https://portal.example.org/u/abc>"
    assert message.extra_headers["X-Portal-Key"] == "reminder:5:14d:2026-12-01"
    email.refresh_from_db()
    assert email.state == Email.State.SENT
    assert (email.language, email.template) == ("fr", email_templates)


def test_the_same_key_twice_returns_the_first_email_without_rendering_or_sending_again(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_templated_email(
            to="ana@example.org",
            template=email_templates,
            context={"name": "Ana"},
            key="digest:7:2026-W48",
        )
        again = send_templated_email(
            to="ana@example.org", template="does/not/exist", context={}, key="digest:7:2026-W48"
        )

    assert again.pk == first.pk
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_templated_email_in_a_rolled_back_transaction_is_never_sent(
    email_templates, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError),
        transaction.atomic(),
    ):
        send_templated_email(to="ana@example.org", template=email_templates, context={}, key="k:1")
        raise ValueError

    assert not Email.objects.exists()
    assert mail.outbox == []


def test_an_email_without_a_recipient_is_skipped(email_templates):
    assert send_templated_email(to="", template=email_templates, context={}) is None
    assert not Email.objects.exists()

"""The outbox in the admin: ILO staff operate it (state, attempts, errors, resend) and
never read a message; superusers read bodies with secrets redacted, and nobody reads an
account-security message."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members.models import User
from members.roles import Role
from tests.factories.members import UserFactory
from tests.factories.outbox import EmailFactory
from tests.outbox.real_messages import instant_alert, request_password_reset, sign_up

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:outbox_email_changelist"


@pytest.fixture
def staff_client(client, login_with_mfa):
    user = User.objects.create_user(email="curator@ilo.example.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.ILO_STAFF.value))
    login_with_mfa(client, user)
    return client


@pytest.fixture
def superuser_client(client, login_with_mfa):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    login_with_mfa(client, user)
    return client


def change_page(client, email: Email):
    return client.get(reverse("admin:outbox_email_change", args=[email.pk]))


def test_ilo_staff_see_the_outbox_with_state_attempts_and_last_error(
    staff_client, django_assert_max_num_queries
):
    EmailFactory(
        key="alert:12:call:34",
        state=Email.State.FAILED,
        attempts=2,
        last_error="SMTPException: 421",
    )
    EmailFactory.create_batch(20)

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert b"alert:12:call:34" in response.content
    assert b"SMTPException: 421" in response.content


def test_staff_can_search_by_key_and_filter_by_state(staff_client):
    EmailFactory(key="digest:7:2026-W48", to="ana@example.org")
    EmailFactory(key="membership-decision:3", state=Email.State.SENT, sent_at=timezone.now())

    by_key = staff_client.get(reverse(CHANGELIST), {"q": "digest:7"})
    by_state = staff_client.get(reverse(CHANGELIST), {"state__exact": "sent"})
    given_up = staff_client.get(reverse(CHANGELIST), {"retries": "given_up"})

    assert b"digest:7:2026-W48" in by_key.content
    assert b"membership-decision:3" not in by_key.content
    assert b"membership-decision:3" in by_state.content
    assert b"digest:7:2026-W48" not in by_state.content
    assert given_up.status_code == 200


def test_an_email_opens_read_only_without_its_body_and_cannot_be_added_or_deleted(staff_client):
    email = EmailFactory(
        subject="Your application was received",
        text_body="Dear Amina, the plain body.",
        html_body="<p>Dear Amina, the HTML body.</p>",
        headers={"X-Campaign": "spring-header"},
        state=Email.State.FAILED,
        attempts=3,
        last_error="SMTPServerDisconnected: gone",
    )

    detail = change_page(staff_client, email)
    add = staff_client.get(reverse("admin:outbox_email_add"))
    delete = staff_client.get(reverse("admin:outbox_email_delete", args=[email.pk]))

    assert detail.status_code == 200
    for shown in (email.to, "Your application was received", "SMTPServerDisconnected: gone"):
        assert shown in detail.text
    for hidden in ("the plain body", "the HTML body", "spring-header"):
        assert hidden not in detail.text
    assert b'name="subject"' not in detail.content
    assert add.status_code == 403
    assert delete.status_code == 403


def test_resend_now_queues_a_copy_of_a_sent_email_and_sends_it(
    staff_client, django_capture_on_commit_callbacks
):
    email = EmailFactory(
        key="membership-decision:3", state=Email.State.SENT, sent_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(CHANGELIST),
            {"action": "resend_now", "_selected_action": [email.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert b"1 email queued to be sent again." in response.content
    copy = Email.objects.get(key="membership-decision:3:resend:1")
    assert copy.state == Email.State.SENT
    assert [m.extra_headers["X-Portal-Key"] for m in mail.outbox] == [copy.key]
    entry = AuditEntry.objects.get(object_id=str(email.pk))
    assert (entry.action, entry.data) == ("outbox.email.resent", {"resent_as": copy.pk, "key": copy.key})
    assert entry.actor.is_staff


def test_retry_failed_sends_given_up_emails_again(staff_client, django_capture_on_commit_callbacks):
    email = EmailFactory(
        state=Email.State.FAILED, attempts=6, next_attempt_at=None, last_error="boom"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(CHANGELIST),
            {"action": "retry_failed", "_selected_action": [email.pk]},
            follow=True,
        )

    assert b"1 failed email queued again." in response.content
    email.refresh_from_db()
    assert email.state == Email.State.SENT
    assert len(mail.outbox) == 1


def test_staff_see_an_account_secret_message_by_its_subject_and_state_only(staff_client):
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    reset = request_password_reset(user.email)

    listing = staff_client.get(reverse(CHANGELIST))
    detail = change_page(staff_client, reset.email)

    assert detail.status_code == 200
    assert reset.email.subject in detail.text and reset.email.to in detail.text
    for response in (listing, detail):
        for secret in reset.secrets:
            assert secret not in response.text
        assert "/password/reset/key/" not in response.text


def test_superusers_read_ordinary_bodies_with_the_unsubscribe_token_redacted(superuser_client):
    alert = instant_alert(UserFactory(email="amina@example.org"))

    detail = change_page(superuser_client, alert.email)

    assert detail.status_code == 200
    assert "Green jobs fund" in detail.text  # the body is there
    assert "List-Unsubscribe" in detail.text  # and the headers
    assert "[redacted]" in detail.text
    for secret in alert.secrets:
        assert secret not in detail.text


def test_superusers_never_read_a_reset_or_a_confirmation_message(superuser_client):
    target = UserFactory(email="someone@example.org")
    messages = [request_password_reset(target.email), sign_up("newcomer@example.org")]

    for message in messages:
        detail = change_page(superuser_client, message.email)

        assert detail.status_code == 200
        assert "carries an account secret" in detail.text
        for secret in message.secrets:
            assert secret not in detail.text
        assert "/accounts/" not in detail.text.split("carries an account secret")[1]


@pytest.mark.parametrize("who", ["staff_client", "superuser_client"])
@pytest.mark.parametrize(
    "lookup", ["text_body__contains", "html_body__icontains", "headers__icontains", "text_body"]
)
def test_nobody_can_filter_the_outbox_on_bodies_or_headers(request, who, lookup):
    client = request.getfixturevalue(who)
    EmailFactory(text_body="reset key abc123")

    response = client.get(reverse(CHANGELIST), {lookup: "abc123"})

    assert response.status_code == 400


def test_searching_the_outbox_never_looks_into_bodies(staff_client):
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    reset = request_password_reset(user.email)

    for secret in reset.secrets:
        response = staff_client.get(reverse(CHANGELIST), {"q": secret[-12:]})
        assert response.status_code == 200
        assert reset.email.key not in response.text
    by_recipient = staff_client.get(reverse(CHANGELIST), {"q": "root@example.org"})
    assert reset.email.key in by_recipient.text


def test_staff_can_resend_an_account_secret_message_to_its_own_recipient_only(
    staff_client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    reset = request_password_reset(user.email)
    mail.outbox = []

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(CHANGELIST),
            {"action": "resend_now", "_selected_action": [reset.email.pk]},
            follow=True,
        )

    assert b"1 email queued to be sent again." in response.content
    assert [m.to for m in mail.outbox] == [["root@example.org"]]
    assert all(secret not in response.text for secret in reset.secrets)

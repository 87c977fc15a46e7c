import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import User
from members.roles import Role
from network_portal.outbox.models import Email
from tests.factories.outbox import EmailFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:outbox_email_changelist"


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user(email="curator@ilo.example.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.ILO_STAFF.value))
    client.force_login(user)
    return client


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


def test_an_email_opens_read_only_and_cannot_be_added_or_deleted(staff_client):
    email = EmailFactory(subject="Your application was received")

    detail = staff_client.get(reverse("admin:outbox_email_change", args=[email.pk]))
    add = staff_client.get(reverse("admin:outbox_email_add"))
    delete = staff_client.get(reverse("admin:outbox_email_delete", args=[email.pk]))

    assert detail.status_code == 200
    assert b"Your application was received" in detail.content
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
    assert LogEntry.objects.filter(object_id=str(email.pk)).exists()


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

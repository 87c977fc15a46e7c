"""Staff run coaching sessions from the admin: counts, actions through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.outbox.models import Email
from events import services
from events.models import Session
from tests.factories.events import SessionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:coaching_coachingsession_changelist"


@pytest.fixture
def staff_client(client, staff, login_with_mfa):
    login_with_mfa(client, staff)
    return client


def _act(client, action, sessions, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in sessions], **extra}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_the_list_shows_seat_counts(staff_client, people, django_assert_max_num_queries):
    session = SessionFactory(capacity=1, title="Counted session")
    for user in people(3):
        services.registration_register(session=session, user=user)

    response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert "Counted session" in response.text
    assert response.context["cl"].result_list[0].waiting_count == 2


def test_publishing_and_cancelling_go_through_the_services(staff_client, member):
    draft = SessionFactory(status=Session.Status.DRAFT)
    live = SessionFactory()
    services.registration_register(session=live, user=member)

    _act(staff_client, "publish", [draft])
    _act(staff_client, "cancel", [live])

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == "published"
    assert live.status == "cancelled"
    cancel = Email.objects.get(key__startswith=f"events:session-cancelled:{live.pk}:")
    assert "METHOD:CANCEL" in cancel.attachments[0]["content"]


def test_lowering_capacity_in_the_form_warns_how_many_keep_their_seats(staff_client, people):
    session = SessionFactory(capacity=3)
    for user in people(3):
        services.registration_register(session=session, user=user)
    url = reverse("admin:coaching_coachingsession_change", args=[session.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("hosts", "categories")
    }
    data.update(
        {
            "capacity": 1,
            "starts_at_0": session.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": session.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": session.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": session.ends_at.strftime("%H:%M:%S"),
            "reminder_minutes": "[1440, 60]",
            "materials-TOTAL_FORMS": 0, "materials-INITIAL_FORMS": 0,
            "registrations-TOTAL_FORMS": 3, "registrations-INITIAL_FORMS": 3,
            "coaching_calls-TOTAL_FORMS": 0, "coaching_calls-INITIAL_FORMS": 0,
        }
    )  # fmt: skip
    for n, r in enumerate(session.registrations.order_by("status", "queue_number", "created_at")):
        data[f"registrations-{n}-id"] = r.pk
        data[f"registrations-{n}-session"] = session.pk
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        data.pop(key, None)

    response = staff_client.post(url, data, follow=True)

    assert "2 people are confirmed above the new capacity and keep their seats." in response.text
    assert session.registrations.confirmed().count() == 3


def test_the_attendee_list_exports_as_csv_and_xlsx(staff_client, member):
    session = SessionFactory(title="=cmd|' /C calc'!A0")
    services.registration_register(session=session, user=member)

    csv_response = _act(staff_client, "export_csv", [session])
    xlsx_response = _act(staff_client, "export_xlsx", [session])

    assert b"member@example.org" in csv_response.content
    assert b"'=cmd" in csv_response.content
    assert xlsx_response.content[:2] == b"PK"


def test_a_series_is_created_as_drafts_every_n_weeks(staff_client):
    template = SessionFactory(title="Monthly clinic")

    _act(staff_client, "create_series", [template], count=3, every_weeks=4)

    copies = (
        Session.objects.filter(title="Monthly clinic").exclude(pk=template.pk).order_by("starts_at")
    )
    assert [c.status for c in copies] == ["draft"] * 3
    assert (copies[0].starts_at - template.starts_at).days == 28

"""The engine's pages: offer links (forged, someone else's, expired), feedback, check-in
and the attendance report — bad input gets a clear message and changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration
from events.offers import offer_token
from tests.factories.events import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(people):
    session = SessionFactory(capacity=1)
    a, b = people(2)
    first = services.registration_register(session=session, user=a)
    waiter = services.registration_register(session=session, user=b)
    services.registration_cancel(registration=first, actor=a)
    waiter.refresh_from_db()
    return waiter


def _offer_url(registration):
    return reverse("events:offer", kwargs={"token": offer_token(registration)})


def test_the_offer_link_shows_the_offer_and_accepting_it_confirms_the_seat(client, offered):
    page = client.get(_offer_url(offered))
    assert "Accept your seat" in page.text

    client.post(_offer_url(offered), {"action": "accept"})

    offered.refresh_from_db()
    assert offered.status == Registration.Status.CONFIRMED


def test_a_forged_offer_link_is_refused_with_a_message(client, offered):
    response = client.post(
        reverse("events:offer", kwargs={"token": "forged"}), {"action": "accept"}
    )

    assert response.status_code == 400
    assert "This link is not valid." in response.text


def test_someone_elses_offer_link_is_refused(client, offered, member):
    client.force_login(member)

    response = client.post(_offer_url(offered), {"action": "accept"})

    assert response.status_code == 403
    assert "someone else" in response.text
    offered.refresh_from_db()
    assert offered.status == Registration.Status.OFFERED


def test_an_expired_offer_link_says_so_and_changes_nothing(client, offered):
    Registration.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(_offer_url(offered), {"action": "accept"})

    assert response.status_code == 409
    assert "This offer has expired." in response.text
    offered.refresh_from_db()
    assert offered.status == Registration.Status.OFFERED


def test_hosts_check_people_in_from_a_phone_and_strangers_cannot(client, member, people):
    session = SessionFactory()
    registration = services.registration_register(session=session, user=member)
    host, stranger = people(2, "h")
    session.hosts.add(host)
    url = reverse("events:check-in", kwargs={"pk": session.pk})

    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(host)
    page = client.get(url)
    client.post(url, {"registration": registration.pk, "attended": "1"})

    assert 'name="viewport"' in page.text
    registration.refresh_from_db()
    assert registration.attendance == "attended"


def test_the_attendance_report_marks_by_email_and_lists_the_unknown(
    client, member, staff, login_with_mfa
):
    session = SessionFactory()
    registration = services.registration_register(session=session, user=member)
    login_with_mfa(client, staff)
    report = SimpleUploadedFile(
        "report.csv",
        b"Name,Email,Minutes attended\nMember,MEMBER@example.org,55\nGhost,ghost@example.org,10\n",
    )

    response = client.post(
        reverse("events:attendance-report", kwargs={"pk": session.pk}),
        {"report": report},
        follow=True,
    )

    assert "1 attendees marked." in response.text
    assert "ghost@example.org" in response.text
    registration.refresh_from_db()
    assert (registration.attendance, registration.minutes_attended) == ("attended", 55)


def test_an_attendance_report_without_an_email_column_changes_nothing(
    client, member, staff, login_with_mfa
):
    session = SessionFactory()
    registration = services.registration_register(session=session, user=member)
    login_with_mfa(client, staff)
    report = SimpleUploadedFile("report.csv", b"Who,How long\nMember,55\n")

    response = client.post(
        reverse("events:attendance-report", kwargs={"pk": session.pk}), {"report": report}
    )

    assert response.status_code == 400
    assert "needs an “email” column" in response.text
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_an_attendee_gives_feedback_once(client, member, staff):
    session = SessionFactory()
    registration = services.registration_register(session=session, user=member)
    services.attendance_mark(registration=registration, actor=staff, attended=True)
    client.force_login(member)
    url = reverse("events:feedback", kwargs={"pk": registration.pk})

    bad = client.post(url, {"rating": "9"})
    client.post(url, {"rating": "4", "comment": "Useful"})
    client.post(url, {"rating": "1"})

    assert bad.status_code == 200
    registration.refresh_from_db()
    assert registration.feedback.rating == 4

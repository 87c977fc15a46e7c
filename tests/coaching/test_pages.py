"""The coaching pages: list, session page with its one button, my sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration
from tests.factories.events import SessionFactory
from tests.factories.funds import FundingCallFactory

pytestmark = pytest.mark.django_db


def _page(client, session):
    return client.get(reverse("coaching:session-detail", kwargs={"pk": session.pk}))


def test_the_list_shows_upcoming_sessions_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, people
):
    for _ in range(3):
        SessionFactory()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("coaching:session-list"))
    for session in SessionFactory.create_batch(12, capacity=2):
        for user in people(3, prefix=f"s{session.pk}-"):
            services.registration_register(session=session, user=user)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("coaching:session-list"))

    assert response.status_code == 200
    assert "2 of 2 seats taken" in response.text


def test_the_list_explains_a_bad_filter_instead_of_failing(client):
    response = client.get(reverse("coaching:session-list"), {"kind": "party", "month": "2027-13"})

    assert response.status_code == 200
    assert "There is no kind of session" in response.text
    assert "YYYY-MM" in response.text


def test_the_session_page_has_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries, people
):
    session = SessionFactory(capacity=2)
    client.force_login(member)
    services.registration_register(session=session, user=member)
    with django_assert_max_num_queries(30) as before:
        _page(client, session)
    for user in people(20):
        services.registration_register(session=session, user=user)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = _page(client, session)

    assert response.status_code == 200


def test_a_member_registers_with_the_button_and_sees_the_meeting_link(client, member):
    session = SessionFactory(capacity=1)
    client.force_login(member)
    before = _page(client, session)
    assert "Register" in before.text
    assert "secret-room" not in before.text

    response = client.post(
        reverse("coaching:session-register", kwargs={"pk": session.pk}), follow=True
    )

    assert "You are registered." in response.text
    assert "secret-room" in response.text


def test_a_full_session_offers_the_waiting_list_and_shows_the_position(client, member, people):
    session = SessionFactory(capacity=1)
    [first, second] = people(2)
    services.registration_register(session=session, user=first)
    services.registration_register(session=session, user=second)
    client.force_login(member)

    assert "Join the waiting list" in _page(client, session).text
    response = client.post(
        reverse("coaching:session-register", kwargs={"pk": session.pk}), follow=True
    )

    assert "you are number 2" in response.text
    assert "secret-room" not in response.text


def test_registering_for_a_members_only_session_as_a_non_member_explains_why(client, people):
    session = SessionFactory(audience="members")
    [outsider] = people(1)
    client.force_login(outsider)

    response = client.post(
        reverse("coaching:session-register", kwargs={"pk": session.pk}), follow=True
    )

    assert "network members only" in response.text
    assert not Registration.objects.exists()


def test_a_feedback_session_takes_an_application_and_refuses_a_fake_document(client, member):
    session = SessionFactory(kind="feedback", audience="approval")
    client.force_login(member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("draft.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused = client.post(
        reverse("coaching:session-register", kwargs={"pk": session.pk}),
        {"description": "My RPL pilot", "draft": bad},
    )
    assert refused.status_code == 400
    assert "Only PDF, DOCX or ODT documents are accepted." in refused.text
    assert not Registration.objects.exists()

    good = SimpleUploadedFile("draft.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    client.post(
        reverse("coaching:session-register", kwargs={"pk": session.pk}),
        {"description": "My RPL pilot", "draft": good},
    )

    registration = Registration.objects.get()
    assert registration.status == "requested"
    assert registration.coaching_application.description == "My RPL pilot"


def test_a_call_page_lists_its_upcoming_briefing_and_the_briefing_links_the_call(client):
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=30))
    briefing = SessionFactory(kind="briefing", title="Briefing: how to apply")
    briefing.coaching_calls.create(call=call)

    call_page = client.get(call.get_absolute_url())
    briefing_page = _page(client, briefing)

    assert "Briefing: how to apply" in call_page.text
    assert call.title in briefing_page.text


def test_my_sessions_lists_registrations_and_the_private_calendar_address(client, member):
    session = SessionFactory(title="Reviewers' eye")
    services.registration_register(session=session, user=member)
    client.force_login(member)

    response = client.get(reverse("coaching:my-sessions"))

    assert "Reviewers&#x27; eye" in response.text
    token = member.session_feed.token
    assert token in response.text
    feed = client.get(reverse("events:calendar-feed", kwargs={"token": token}))
    assert feed.status_code == 200
    assert b"Reviewers' eye" in feed.content
    assert b"secret-room" not in feed.content


def test_times_show_in_the_viewers_time_zone_with_the_organisers_alongside(client, member):
    from datetime import UTC, datetime

    member.profile.time_zone = "America/Lima"
    member.profile.save()
    start = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    session = SessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=1), time_zone="Europe/Zurich"
    )
    client.force_login(member)

    response = _page(client, session)

    assert "09:00" in response.text  # Lima, the viewer's zone
    assert "America/Lima" in response.text
    assert "15:00 Europe/Zurich" in response.text  # the organiser's zone

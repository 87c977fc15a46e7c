"""Taking, releasing and passing on seats (events.services.registration)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.audit.models import AuditEntry
from core.outbox.models import Email
from events import services
from events.errors import RegistrationError
from events.models import Registration, Session
from events.offers import offer_window
from tests.factories.events import SessionFactory
from tests.factories.members import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def statuses(session):
    return sorted(session.registrations.values_list("status", flat=True))


def test_a_member_registering_for_a_session_with_seats_is_confirmed_and_gets_an_invitation(member):
    session = SessionFactory(capacity=2)

    registration = services.registration_register(session=session, user=member)

    assert registration.status == Registration.Status.CONFIRMED
    email = Email.objects.get(key=f"events:confirmed:{registration.pk}:0")
    assert email.to == "member@example.org"
    [invite] = email.attachments
    assert "METHOD:REQUEST" in invite["content"]
    assert f"UID:session-{session.pk}-user-{member.pk}@" in invite["content"]
    assert "meet.example.org/secret-room" in invite["content"]
    assert AuditEntry.objects.filter(action="events.registration.registered").count() == 1


def test_registering_twice_gives_one_registration(member):
    session = SessionFactory()

    first = services.registration_register(session=session, user=member)
    second = services.registration_register(session=session, user=member)

    assert first.pk == second.pk
    assert session.registrations.count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_in_order(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)

    services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)
    rc = services.registration_register(session=session, user=c)

    assert (rb.status, services.waitlist_position(rb)) == ("waitlisted", 1)
    assert services.waitlist_position(rc) == 2
    assert "number 2" in Email.objects.get(key=f"events:waitlisted:{rc.pk}").text_body


def test_a_cancelled_seat_is_offered_to_the_first_waiter_not_to_a_newcomer(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)
    ra = services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)

    services.registration_cancel(registration=ra, actor=a)
    rc = services.registration_register(session=session, user=c)

    rb.refresh_from_db()
    assert rb.status == Registration.Status.OFFERED
    assert rc.status == Registration.Status.WAITLISTED
    assert Email.objects.filter(key=f"events:offer:{rb.pk}:1").exists()
    assert (
        "METHOD:CANCEL"
        in Email.objects.get(key=f"events:cancelled:{ra.pk}").attachments[0]["content"]
    )


def test_accepting_an_offer_confirms_the_seat_and_an_old_offer_number_is_refused(people):
    session = SessionFactory(capacity=1)
    a, b = people(2)
    ra = services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)
    services.registration_cancel(registration=ra, actor=a)
    rb.refresh_from_db()

    with pytest.raises(RegistrationError, match="no longer valid"):
        services.offer_accept(registration=rb, offer_number=rb.offer_number + 1, actor=b)
    accepted = services.offer_accept(registration=rb, offer_number=rb.offer_number, actor=b)
    again = services.offer_accept(registration=rb, offer_number=rb.offer_number, actor=b)

    assert accepted.status == again.status == Registration.Status.CONFIRMED
    assert session.registrations.holding_seat().count() == 1


def test_someone_else_cannot_accept_an_offer(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)
    ra = services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)
    services.registration_cancel(registration=ra, actor=a)
    rb.refresh_from_db()

    with pytest.raises(RegistrationError, match="someone else"):
        services.offer_accept(registration=rb, offer_number=rb.offer_number, actor=c)


def test_declining_an_offer_passes_the_seat_to_the_next_waiter(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)
    ra = services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)
    rc = services.registration_register(session=session, user=c)
    services.registration_cancel(registration=ra, actor=a)
    rb.refresh_from_db()

    services.offer_decline(registration=rb, offer_number=rb.offer_number, actor=b)

    rc.refresh_from_db()
    assert rc.status == Registration.Status.OFFERED


def test_a_lapsed_offer_is_expired_and_passed_on_once_when_the_job_runs_twice(people):
    session = SessionFactory(capacity=1)
    a, b, c = people(3)
    ra = services.registration_register(session=session, user=a)
    rb = services.registration_register(session=session, user=b)
    rc = services.registration_register(session=session, user=c)
    services.registration_cancel(registration=ra, actor=a)
    later = timezone.now() + timedelta(days=2)

    assert services.offers_expire(now=later) == 1
    assert services.offers_expire(now=later) == 0

    rb.refresh_from_db()
    rc.refresh_from_db()
    assert rb.status == Registration.Status.EXPIRED
    assert rc.status == Registration.Status.OFFERED
    with pytest.raises(RegistrationError):
        services.offer_accept(registration=rb, offer_number=rb.offer_number, actor=b)


def test_an_offer_for_a_session_starting_soon_is_shorter_than_a_day():
    now = timezone.now()
    far = SessionFactory.build(starts_at=now + timedelta(days=10))
    near = SessionFactory.build(starts_at=now + timedelta(hours=4))

    assert offer_window(far, now) == timedelta(hours=24)
    assert offer_window(near, now) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Session.Status.CANCELLED}, "cancelled"),
        ({"status": Session.Status.DRAFT}, "not open"),
        ({"starts_at": timezone.now() - timedelta(minutes=5)}, "already started"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=5)}, "closed"),
        ({"audience": Session.Audience.MEMBERS}, "members only"),
    ],
)
def test_registration_is_refused_with_a_reason_and_nothing_is_written(changes, message):
    session = SessionFactory(**changes, ends_at=timezone.now() + timedelta(days=9))
    outsider = UserFactory()

    with pytest.raises(RegistrationError, match=message):
        services.registration_register(session=session, user=outsider)

    assert not session.registrations.exists()
    assert not Email.objects.exists()


def test_a_core_group_session_refuses_an_ordinary_member(member):
    session = SessionFactory(audience=Session.Audience.CORE_GROUP)
    with pytest.raises(RegistrationError, match="Core Group"):
        services.registration_register(session=session, user=member)
    core = MemberProfileFactory(membership="approved", network_role="core").user
    assert services.registration_register(session=session, user=core).status == "confirmed"


def test_a_session_by_approval_takes_requests_that_staff_approve(member, staff):
    session = SessionFactory(audience=Session.Audience.APPROVAL)

    request = services.registration_register(session=session, user=member)
    assert request.status == Registration.Status.REQUESTED
    with pytest.raises(RegistrationError):
        services.registration_approve(registration=request, actor=member)
    approved = services.registration_approve(registration=request, actor=staff)

    assert approved.status == Registration.Status.CONFIRMED


def test_staff_move_a_waiter_with_a_reason_that_is_audited(people, staff):
    session = SessionFactory(capacity=1)
    a, b, c, d = people(4)
    for user in (a, b, c, d):
        services.registration_register(session=session, user=user)
    rd = session.registrations.get(user=d)

    with pytest.raises(RegistrationError, match="reason"):
        services.waitlist_move(registration=rd, position=1, actor=staff, reason=" ")
    services.waitlist_move(
        registration=rd, position=1, actor=staff, reason="Evaluator asked for her"
    )

    order = list(session.registrations.waiting().values_list("user__email", flat=True))
    assert order == [d.email, b.email, c.email]
    entry = AuditEntry.objects.get(action="events.registration.moved")
    assert entry.data["reason"] == "Evaluator asked for her"
    assert entry.changes == {"position": [3, 1]}


def test_lowering_capacity_below_the_confirmed_count_bumps_nobody_and_says_how_many(people, staff):
    session = SessionFactory(capacity=3)
    for user in people(3):
        services.registration_register(session=session, user=user)

    session, over = services.session_set_capacity(session=session, actor=staff, capacity=1)

    assert over == 2
    assert session.registrations.confirmed().count() == 3


def test_raising_capacity_offers_the_new_seats_to_the_waiting_list(people, staff):
    session = SessionFactory(capacity=1)
    users = people(3)
    for user in users:
        services.registration_register(session=session, user=user)

    services.session_set_capacity(session=session, actor=staff, capacity=2)

    assert statuses(session) == ["confirmed", "offered", "waitlisted"]


def test_attendance_is_recorded_by_hosts_and_staff_only(member, staff, people):
    session = SessionFactory()
    registration = services.registration_register(session=session, user=member)
    [stranger] = people(1, "x")

    with pytest.raises(RegistrationError):
        services.attendance_mark(registration=registration, actor=stranger, attended=True)
    services.attendance_mark(registration=registration, actor=staff, attended=True)
    services.attendance_mark(registration=registration, actor=staff, attended=True)

    registration.refresh_from_db()
    assert registration.attendance == "attended"
    assert AuditEntry.objects.filter(action="events.registration.attended").count() == 1

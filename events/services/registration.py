"""Taking, releasing and passing on seats — the part that must never oversell.

Every service here locks the session row (`SELECT … FOR UPDATE`) before reading seat
counts and recounts from rows inside the same transaction (pretix's quota rule): seats
held = confirmed + offered. Two requests for the last seat queue on the lock; the second
one sees the first one's row. While anyone waits, a freed seat is offered to the first
person on the waiting list (strict `queue_number` order), never taken by a newcomer.
The partial unique constraint `events_one_live_registration` makes a double-submitted
form one registration.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action

from .. import notify
from ..errors import RegistrationError
from ..models import Registration, Session
from ..offers import offer_window
from ..permissions import is_session_staff
from ..querysets import audience_allows

# Only ever switched off by the proof that the lock is what prevents overselling
# (tests/events/test_races.py): without it, the race test must fail.
_seat_lock = {"enabled": True}


@contextlib.contextmanager
def without_seat_lock() -> Iterator[None]:
    _seat_lock["enabled"] = False
    try:
        yield
    finally:
        _seat_lock["enabled"] = True


def _lock(session_id: int) -> Session:
    queryset = Session.objects.all()
    if _seat_lock["enabled"]:
        queryset = queryset.select_for_update()
    return queryset.get(pk=session_id)


def _seats_held(session: Session) -> int:
    return session.registrations.holding_seat().count()


def _has_seat_free(session: Session) -> bool:
    return session.capacity is None or _seats_held(session) < session.capacity


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            session_id=registration.session_id, status=Registration.Status.WAITLISTED
        )
        .filter(queue_number__lt=registration.queue_number)
        .count()
    )
    return ahead + 1


def _refuse_unless_open(session: Session, user) -> None:
    now = timezone.now()
    if session.status == Session.Status.CANCELLED:
        raise RegistrationError(_("This session was cancelled."))
    if session.status != Session.Status.PUBLISHED:
        raise RegistrationError(_("This session is not open for registration."))
    if session.starts_at <= now:
        raise RegistrationError(_("This session has already started."))
    if session.registration_opens_at and now < session.registration_opens_at:
        raise RegistrationError(_("Registration has not opened yet."))
    if now >= session.closes_at:
        raise RegistrationError(_("Registration for this session is closed."))
    if not audience_allows(session.audience, user):
        if session.audience == Session.Audience.CORE_GROUP:
            raise RegistrationError(_("This session is for the Core Group only."))
        raise RegistrationError(_("This session is for network members only."))


def _next_queue_number(session: Session) -> int:
    top = session.registrations.aggregate(top=Max("queue_number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def registration_register(*, session: Session, user) -> Registration:
    """Give `user` a seat, a place on the waiting list, or (sessions by approval) a
    request for staff to decide. Registering twice returns the live registration.

    Raises RegistrationError when the session is not open to this person (cancelled,
    draft, started, registration closed or not yet open, audience). Sends the
    confirmation with its .ics, or the waiting-list email with the position."""
    session = _lock(session.pk)
    existing = session.registrations.live().filter(user=user).first()
    if existing is not None:
        return existing
    _refuse_unless_open(session, user)
    now = timezone.now()
    # One query for the three facts the decision needs, read under the lock.
    seats = session.registrations.aggregate(
        held=Count("pk", filter=Q(status__in=Registration.HOLDS_SEAT)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        top=Max("queue_number"),
    )
    seat_free = session.capacity is None or seats["held"] < session.capacity
    if session.audience == Session.Audience.APPROVAL and not is_session_staff(user):
        status = Registration.Status.REQUESTED
    elif seat_free and not seats["waiting"]:
        status = Registration.Status.CONFIRMED
    else:
        status = Registration.Status.WAITLISTED
    registration = Registration(session=session, user=user, status=status)
    if status == Registration.Status.CONFIRMED:
        registration.confirmed_at = now
    if status == Registration.Status.WAITLISTED:
        registration.queue_number = (seats["top"] or 0) + 1
    if _seat_lock["enabled"]:
        # Under the lock the live-registration check above is final: no savepoint needed.
        registration.save()
    else:
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # a concurrent insert for the same person (no lock)
            return session.registrations.live().get(user=user)
    registration.session = session
    if status == Registration.Status.CONFIRMED:
        log_action(obj=registration, action="events.registration.registered", actor=user)
        notify.confirmed(registration)
    elif status == Registration.Status.WAITLISTED:
        position = seats["waiting"] + 1  # strictly after everyone already waiting
        log_action(
            obj=registration,
            action="events.registration.waitlisted",
            actor=user,
            data={"position": position},
        )
        notify.waitlisted(registration, position)
    else:
        log_action(obj=registration, action="events.registration.requested", actor=user)
        notify.requested(registration)
    return registration


def fill_freed_seats(session: Session, *, now=None) -> list[Registration]:
    """Offer every free seat to the first people waiting. Call with the session locked,
    inside the caller's transaction. Nothing is offered once registration has closed."""
    now = now or timezone.now()
    if (
        session.status != Session.Status.PUBLISHED
        or now >= session.closes_at
        or session.capacity is None
    ):
        return []
    free = session.capacity - _seats_held(session)
    offers = []
    for registration in session.registrations.waiting().select_related("user")[: max(free, 0)]:
        registration.status = Registration.Status.OFFERED
        registration.offer_number += 1
        registration.offer_expires_at = now + offer_window(session, now)
        registration.save(
            update_fields=["status", "offer_number", "offer_expires_at", "updated_at"]
        )
        registration.session = session
        log_action(
            obj=registration,
            action="events.registration.offered",
            actor=None,
            changes={"status": ["waitlisted", "offered"]},
            data={"until": registration.offer_expires_at.isoformat()},
        )
        notify.offered(registration)
        offers.append(registration)
    return offers


def _locked_registration(registration: Registration) -> tuple[Session, Registration]:
    session = _lock(registration.session_id)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    registration.session = session
    return session, registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration:
    """The registrant (or staff) gives up a seat, a place on the list or a request.
    A freed seat goes to the first person waiting. Cancelling twice changes nothing."""
    session, registration = _locked_registration(registration)
    if actor is None or (actor.pk != registration.user_id and not is_session_staff(actor)):
        raise RegistrationError(_("You may only cancel your own registration."))
    if not registration.is_live:
        return registration
    if session.starts_at <= timezone.now() and registration.status == Registration.Status.CONFIRMED:
        raise RegistrationError(_("This session has already started."))
    old = registration.status
    had_seat = old == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.calendar_sequence += 1
    registration.save(update_fields=["status", "calendar_sequence", "updated_at"])
    log_action(
        obj=registration,
        action="events.registration.cancelled",
        actor=actor,
        changes={"status": [old, "cancelled"]},
    )
    notify.registration_cancelled(registration, had_seat=had_seat)
    if old in Registration.HOLDS_SEAT:
        fill_freed_seats(session)
    return registration


def _offer_for(
    registration: Registration, offer_number: int, actor
) -> tuple[Session, Registration]:
    session, registration = _locked_registration(registration)
    if actor is not None and actor.is_authenticated and actor.pk != registration.user_id:
        raise RegistrationError(_("This offer was made to someone else."))
    if (
        registration.status == Registration.Status.CONFIRMED
        and registration.offer_number == offer_number
    ):
        return session, registration
    if (
        registration.status != Registration.Status.OFFERED
        or registration.offer_number != offer_number
    ):
        raise RegistrationError(_("This offer is no longer valid."))
    if registration.offer_expires_at <= timezone.now():
        raise RegistrationError(_("This offer has expired."))
    return session, registration


@transaction.atomic
def offer_accept(*, registration: Registration, offer_number: int, actor=None) -> Registration:
    """Take the offered seat. `offer_number` comes from the signed link; an old, lapsed
    or someone else's offer raises RegistrationError. Accepting twice is one seat."""
    session, registration = _offer_for(registration, offer_number, actor)
    if registration.status == Registration.Status.CONFIRMED:
        return registration
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.offer_expires_at = None
    registration.queue_number = None
    registration.calendar_sequence += 1
    registration.save()
    log_action(
        obj=registration,
        action="events.registration.promoted",
        actor=registration.user,
        changes={"status": ["offered", "confirmed"]},
    )
    notify.confirmed(registration)
    return registration


@transaction.atomic
def offer_decline(*, registration: Registration, offer_number: int, actor=None) -> Registration:
    """Turn the offered seat down; it goes to the next person waiting."""
    session, registration = _offer_for(registration, offer_number, actor)
    if registration.status == Registration.Status.CONFIRMED:
        raise RegistrationError(
            _("You already accepted this seat; cancel your registration instead.")
        )
    registration.status = Registration.Status.DECLINED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
    log_action(
        obj=registration,
        action="events.registration.declined",
        actor=registration.user,
        changes={"status": ["offered", "declined"]},
    )
    fill_freed_seats(session)
    return registration


def offers_expire(*, now=None) -> int:
    """Scheduled: lapse every offer past its time and pass the seat on. Each session in
    its own transaction under its lock; running it twice lapses nothing more."""
    now = now or timezone.now()
    lapsed = 0
    session_ids = set(Registration.objects.offers_lapsed(now).values_list("session_id", flat=True))
    for session_id in session_ids:
        with transaction.atomic():
            session = _lock(session_id)
            for registration in session.registrations.offers_lapsed(now):
                registration.status = Registration.Status.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                log_action(
                    obj=registration,
                    action="events.registration.expired",
                    actor=None,
                    changes={"status": ["offered", "expired"]},
                )
                lapsed += 1
            fill_freed_seats(session, now=now)
    return lapsed


def _staff_only(actor) -> None:
    if not is_session_staff(actor):
        raise RegistrationError(_("Only ILO staff may do this."))


@transaction.atomic
def registration_approve(*, registration: Registration, actor) -> Registration:
    """Staff accept a request (sessions by invitation or approval): a confirmed seat,
    or the waiting list when the session is full."""
    _staff_only(actor)
    session, registration = _locked_registration(registration)
    if registration.status != Registration.Status.REQUESTED:
        return registration
    if _has_seat_free(session) and not session.registrations.waiting().exists():
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save()
        log_action(
            obj=registration,
            action="events.registration.approved",
            actor=actor,
            changes={"status": ["requested", "confirmed"]},
        )
        notify.confirmed(registration)
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.queue_number = _next_queue_number(session)
        registration.save()
        log_action(
            obj=registration,
            action="events.registration.approved",
            actor=actor,
            changes={"status": ["requested", "waitlisted"]},
        )
        notify.waitlisted(registration, waitlist_position(registration))
    return registration


@transaction.atomic
def registration_refuse(*, registration: Registration, actor) -> Registration:
    _staff_only(actor)
    session, registration = _locked_registration(registration)
    if registration.status != Registration.Status.REQUESTED:
        return registration
    registration.status = Registration.Status.REFUSED
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        obj=registration,
        action="events.registration.refused",
        actor=actor,
        changes={"status": ["requested", "refused"]},
    )
    notify.refused(registration)
    return registration


@transaction.atomic
def waitlist_move(*, registration: Registration, position: int, actor, reason: str) -> Registration:
    """Staff move a waiting person to `position` (1 = first), with a recorded reason."""
    _staff_only(actor)
    if not reason.strip():
        raise RegistrationError(_("Give a reason for moving someone on the waiting list."))
    session, registration = _locked_registration(registration)
    if registration.status != Registration.Status.WAITLISTED:
        raise RegistrationError(_("This person is not on the waiting list."))
    old = waitlist_position(registration)
    queue = [r for r in session.registrations.waiting() if r.pk != registration.pk]
    position = max(1, min(position, len(queue) + 1))
    queue.insert(position - 1, registration)
    for number, row in enumerate(queue, start=1):
        if row.queue_number != number:
            Registration.objects.filter(pk=row.pk).update(queue_number=number)
    registration.refresh_from_db()
    log_action(
        obj=registration,
        action="events.registration.moved",
        actor=actor,
        changes={"position": [old, position]},
        data={"reason": reason.strip()[:500]},
    )
    return registration

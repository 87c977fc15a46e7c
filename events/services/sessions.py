"""Staff writes on a session (publish, change, cancel, capacity, message) and the
scheduled jobs that follow a session's clock (reminders, follow-ups)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.outbox.models import Email
from core.services import model_update

from .. import notify
from ..errors import RegistrationError, SessionError
from ..models import Feedback, Registration, Session
from ..permissions import is_session_staff
from .registration import _lock, fill_freed_seats

# Reminders further ahead than this are not looked for.
MAX_REMINDER = timedelta(days=8)

# Changing one of these moves people's calendars: confirmed registrants get an update.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "meeting_url", "title")


def _staff_only(actor) -> None:
    if not is_session_staff(actor):
        raise SessionError(_("Only ILO staff may do this."))


@transaction.atomic
def session_publish(*, session: Session, actor) -> Session:
    _staff_only(actor)
    session = _lock(session.pk)
    if session.status == Session.Status.PUBLISHED:
        return session
    if session.status == Session.Status.CANCELLED:
        raise SessionError(_("A cancelled session cannot be published again."))
    session.status = Session.Status.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    log_action(
        obj=session,
        action="events.session.published",
        actor=actor,
        changes={"status": ["draft", "published"]},
    )
    return session


@transaction.atomic
def session_update(*, session: Session, actor, data: dict) -> Session:
    """Apply `data` ({field: value}); when time, place or link changed, confirmed
    registrants receive an updated invitation (their SEQUENCE bumped)."""
    _staff_only(actor)
    locked = _lock(session.pk)
    before = {name: str(getattr(locked, name)) for name in data if hasattr(locked, name)}
    locked, changed = model_update(instance=locked, fields=list(data), data=data)
    if not changed:
        return locked
    log_action(
        obj=locked,
        action="events.session.updated",
        actor=actor,
        changes={name: [before.get(name), str(getattr(locked, name))] for name in changed},
    )
    if set(changed) & set(CALENDAR_FIELDS) and locked.status == Session.Status.PUBLISHED:
        Session.objects.filter(pk=locked.pk).update(sequence=F("sequence") + 1)
        for registration in locked.registrations.confirmed().select_related("user"):
            registration.calendar_sequence += 1
            registration.save(update_fields=["calendar_sequence", "updated_at"])
            registration.session = locked
            notify.session_updated(registration)
    return locked


@transaction.atomic
def session_cancel(*, session: Session, actor) -> Session:
    """Cancel the session: every live registrant is told, seat holders with a calendar
    cancel. Cancelling twice tells nobody twice."""
    _staff_only(actor)
    session = _lock(session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    old = session.status
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    log_action(
        obj=session,
        action="events.session.cancelled",
        actor=actor,
        changes={"status": [old, "cancelled"]},
    )
    for registration in session.registrations.live().select_related("user"):
        had_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.calendar_sequence += 1
        registration.save(update_fields=["status", "calendar_sequence", "updated_at"])
        registration.session = session
        notify.session_cancelled(registration, had_seat=had_seat)
    return session


@transaction.atomic
def session_set_capacity(*, session: Session, actor, capacity: int | None) -> tuple[Session, int]:
    """Change the number of seats. Returns (session, people above the new capacity):
    those people keep their seats — nobody is bumped — and staff are told how many.
    A raised capacity is offered to the waiting list at once."""
    _staff_only(actor)
    session = _lock(session.pk)
    old = session.capacity
    if capacity is not None and capacity < 0:
        raise SessionError(_("Capacity cannot be negative."))
    session.capacity = capacity
    session.save(update_fields=["capacity", "updated_at"])
    held = session.registrations.holding_seat().count()
    over = max(held - capacity, 0) if capacity is not None else 0
    log_action(
        obj=session,
        action="events.session.capacity_changed",
        actor=actor,
        changes={"capacity": [old, capacity]},
        data={"over": over},
    )
    fill_freed_seats(session)
    return session, over


@transaction.atomic
def session_message(*, session: Session, actor, subject: str, body: str) -> int:
    """Email every live registrant through the outbox; returns how many were queued."""
    _staff_only(actor)
    if not subject.strip() or not body.strip():
        raise SessionError(_("Write a subject and a message."))
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    sent = 0
    for registration in session.registrations.live().select_related("user", "session"):
        if notify.message(
            registration,
            subject=subject,
            body=body,
            key=f"events:message:{session.pk}:{stamp}:{registration.pk}",
        ):
            sent += 1
    log_action(
        obj=session,
        action="events.session.messaged",
        actor=actor,
        data={"subject": subject[:200], "count": sent},
    )
    return sent


def reminders_send(*, now=None) -> int:
    """Scheduled (beat, every few minutes): send each reminder that is due.

    A reminder `m` minutes before the start is due from `starts_at - m` until the start;
    it goes to confirmed registrants who were confirmed before it fell due (a person who
    registers an hour before is not sent the 24-hour one). The outbox key names the start
    time, so a moved session reminds again and a second run sends nothing."""
    now = now or timezone.now()
    horizon = now + MAX_REMINDER
    sent = 0
    sessions = Session.objects.published().filter(starts_at__gt=now, starts_at__lte=horizon)
    for session in sessions:
        for minutes in sorted(set(session.reminder_minutes or []), reverse=True):
            due = session.starts_at - timedelta(minutes=int(minutes))
            if due > now:
                continue
            registrations = list(
                session.registrations.confirmed()
                .filter(confirmed_at__lte=due)
                .select_related("user")
            )
            keys = {notify.reminder_key(r, minutes=int(minutes)): r for r in registrations}
            done = set(Email.objects.filter(key__in=keys).values_list("key", flat=True))
            for key, registration in keys.items():
                if key in done:
                    continue
                registration.session = session
                with transaction.atomic():
                    sent += 1 if notify.reminder(registration, minutes=int(minutes)) else 0
    return sent


def follow_ups_send(*, now=None) -> int:
    """Scheduled: after a session ends and its recording or materials are in, send
    registrants the recording/materials and attendees the feedback form. Once per
    session (follow_up_sent_at) and once per person (the outbox key)."""
    now = now or timezone.now()
    done = 0
    candidates = (
        Session.objects.published()
        .past(now)
        .filter(follow_up_sent_at__isnull=True, ends_at__gte=now - timedelta(days=30))
    )
    for candidate in candidates:
        with transaction.atomic():
            session = _lock(candidate.pk)
            if session.follow_up_sent_at is not None:
                continue
            if not session.recording_url and not session.materials.exists():
                continue
            for registration in session.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).select_related("user"):
                registration.session = session
                notify.follow_up(
                    registration,
                    feedback=registration.attendance == Registration.Attendance.ATTENDED,
                )
            session.follow_up_sent_at = now
            session.save(update_fields=["follow_up_sent_at"])
            done += 1
    return done


@transaction.atomic
def feedback_give(*, registration: Registration, actor, rating: int, comment: str = "") -> Feedback:
    """An attendee rates the session (1–5) once; a second time changes nothing."""
    if actor is None or actor.pk != registration.user_id:
        raise RegistrationError(_("Only the attendee may give this feedback."))
    if registration.attendance != Registration.Attendance.ATTENDED:
        raise RegistrationError(_("Feedback is for people who attended the session."))
    if not 1 <= int(rating) <= 5:
        raise RegistrationError(_("Choose a rating from 1 to 5."))
    existing = Feedback.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                registration=registration, rating=int(rating), comment=comment.strip()
            )
    except IntegrityError:
        return Feedback.objects.get(registration=registration)
    log_action(
        obj=registration,
        action="events.registration.feedback",
        actor=actor,
        data={"rating": int(rating)},
    )
    return feedback

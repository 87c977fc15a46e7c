"""Who came: marked by hosts and staff on the check-in page, or imported from the
meeting tool's attendance report (CSV: name, email, minutes attended)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action

from ..errors import RegistrationError
from ..models import Registration, Session
from ..permissions import may_manage_attendance

MAX_REPORT_BYTES = 2 * 1024 * 1024
_EMAIL_COLUMNS = {"email", "e-mail", "email address", "user email", "courriel", "correo"}
_NAME_COLUMNS = {
    "name",
    "full name",
    "participant",
    "nom",
    "nombre",
    "user name",
    "name (original name)",
}
_MINUTES_COLUMNS = {
    "minutes",
    "minutes attended",
    "duration",
    "duration (minutes)",
    "total duration (minutes)",
}


@transaction.atomic
def attendance_mark(
    *, registration: Registration, actor, attended: bool, minutes: int | None = None
) -> Registration:
    """Record that a confirmed registrant came (or not). Marking twice the same way
    changes nothing and writes no second audit entry."""
    session = registration.session
    if not may_manage_attendance(actor, session):
        raise RegistrationError(_("Only the session's hosts and ILO staff may record attendance."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise RegistrationError(_("Only confirmed registrants can be marked as attending."))
    value = Registration.Attendance.ATTENDED if attended else Registration.Attendance.NO_SHOW
    if registration.attendance == value and (
        minutes is None or registration.minutes_attended == minutes
    ):
        return registration
    old = registration.attendance
    registration.attendance = value
    if minutes is not None:
        registration.minutes_attended = minutes
    registration.save(update_fields=["attendance", "minutes_attended", "updated_at"])
    log_action(
        obj=registration,
        action="events.registration.attended",
        actor=actor,
        changes={"attendance": [old, value]},
    )
    return registration


@dataclass
class AttendanceReport:
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)


def _column(header: list[str], names: set[str]) -> int | None:
    for index, title in enumerate(header):
        if title.strip().lower().lstrip("\ufeff") in names:
            return index
    return None


@transaction.atomic
def attendance_import(*, session: Session, actor, data: bytes) -> AttendanceReport:
    """Mark attendees from a CSV report, matched by email (case-insensitive) against
    confirmed registrants; rows without a match are reported, not guessed. A report
    without an email column, or not a CSV, raises RegistrationError and changes nothing."""
    if not may_manage_attendance(actor, session):
        raise RegistrationError(_("Only the session's hosts and ILO staff may record attendance."))
    if len(data) > MAX_REPORT_BYTES:
        raise RegistrationError(_("This file is too large (2 MB at most)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegistrationError(_("This file is not a CSV text file (UTF-8).")) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RegistrationError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    email_at = _column(header, _EMAIL_COLUMNS)
    if email_at is None:
        raise RegistrationError(
            _("The report needs an “email” column (found: %(columns)s).")
            % {"columns": ", ".join(header)[:200]}
        )
    name_at = _column(header, _NAME_COLUMNS)
    minutes_at = _column(header, _MINUTES_COLUMNS)
    confirmed = {
        r.user.email.lower(): r
        for r in session.registrations.confirmed().select_related("user", "session")
    }
    report = AttendanceReport()
    for row in body:
        if not any(cell.strip() for cell in row):
            continue
        email = row[email_at].strip().lower() if email_at < len(row) else ""
        registration = confirmed.get(email)
        if registration is None:
            label = email or (
                row[name_at].strip() if name_at is not None and name_at < len(row) else "?"
            )
            report.unmatched.append(label[:200])
            continue
        minutes = None
        if minutes_at is not None and minutes_at < len(row):
            try:
                minutes = max(int(float(row[minutes_at].strip() or 0)), 0)
            except ValueError:
                minutes = None
        attendance_mark(registration=registration, actor=actor, attended=True, minutes=minutes)
        report.matched += 1
    return report

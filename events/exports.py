"""The attendee list of sessions as CSV or xlsx (staff, from the admin)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import formula_safe_row

from .models import Registration


def _rows(sessions):
    registrations = (
        Registration.objects.filter(session__in=sessions)
        .select_related("session", "user", "user__profile")
        .order_by("session__starts_at", "session_id", "status", "user__email")
    )
    yield [
        _("Session"),
        _("Starts"),
        _("Name"),
        _("Email"),
        _("Status"),
        _("Attendance"),
        _("Minutes"),
    ]
    for r in registrations:
        yield [
            r.session.title,
            r.session.starts_at.isoformat(),
            r.user.get_full_name(),
            r.user.email,
            str(r.get_status_display()),
            str(r.get_attendance_display()),
            r.minutes_attended if r.minutes_attended is not None else "",
        ]


def attendees_csv(sessions) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(sessions):
        writer.writerow(formula_safe_row(row))
    return out.getvalue().encode("utf-8-sig")


def attendees_xlsx(sessions) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Attendees"))
    for row in _rows(sessions):
        sheet.append(formula_safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

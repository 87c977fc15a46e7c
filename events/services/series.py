"""Staff create a series of sessions from one template session (every N weeks)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action

from ..errors import SessionError
from ..models import Session
from ..permissions import is_session_staff

COPIED = (
    "app", "kind", "title", "description", "format", "language", "interpretation", "time_zone", "capacity",
    "audience", "speakers", "meeting_url", "venue", "reminder_minutes",
)  # fmt: skip
MAX_SERIES = 26


@transaction.atomic
def session_series_create(
    *, template: Session, actor, count: int, every_weeks: int
) -> list[Session]:
    """`count` drafts after `template`, `every_weeks` apart, with its hosts and
    categories (registration windows shifted alike). Staff publish them when ready."""
    if not is_session_staff(actor):
        raise SessionError(_("Only ILO staff may do this."))
    if not 1 <= count <= MAX_SERIES or not 1 <= every_weeks <= 52:
        raise SessionError(_("A series has 1 to 26 sessions, 1 to 52 weeks apart."))
    created = []
    for number in range(1, count + 1):
        shift = timedelta(weeks=every_weeks * number)
        session = Session(**{name: getattr(template, name) for name in COPIED})
        session.starts_at = template.starts_at + shift
        session.ends_at = template.ends_at + shift
        if template.registration_opens_at:
            session.registration_opens_at = template.registration_opens_at + shift
        if template.registration_closes_at:
            session.registration_closes_at = template.registration_closes_at + shift
        session.status = Session.Status.DRAFT
        session.save()
        session.hosts.set(template.hosts.all())
        session.categories.set(template.categories.all())
        log_action(
            obj=session,
            action="events.session.created",
            actor=actor,
            data={"series_of": template.pk},
        )
        created.append(session)
    return created

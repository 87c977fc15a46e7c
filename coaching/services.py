"""Coaching's own writes: applying to a feedback session (engine request + application)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action
from events.errors import RegistrationError
from events.models import Registration, Session
from events.services import registration_register

from .models import FeedbackApplication


@transaction.atomic
def feedback_application_submit(
    *, session: Session, user, description: str, draft=None
) -> Registration:
    """Ask for a seat in a feedback session with a short description and an optional
    draft; staff accept it from the admin (events' approve), which confirms the seat.
    Applying twice keeps the first application."""
    if session.app != "coaching" or session.kind != "feedback":
        raise RegistrationError(_("This session does not take applications."))
    if not description.strip():
        raise RegistrationError(_("Say in a few lines what you would like feedback on."))
    registration = registration_register(session=session, user=user)
    application, created = FeedbackApplication.objects.get_or_create(
        registration=registration, defaults={"description": description.strip()}
    )
    if created and draft:
        application.draft.save(draft.name.rsplit("/", 1)[-1][:80], draft, save=True)
    if created:
        log_action(obj=registration, action="coaching.application.submitted", actor=user)
    return registration

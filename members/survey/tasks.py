"""Thin Celery tasks for the needs assessment, named after the services they call."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT
from members.models import User

from . import services
from .models import Survey


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def survey_invite_members(survey_id: int, actor_id: int) -> int:
    """Invite the members not yet invited to version `survey_id` (see the service:
    idempotent, so a retried or repeated run invites nobody twice). A version or actor
    that is gone is a no-op."""
    survey = Survey.objects.filter(pk=survey_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if survey is None or actor is None:
        return 0
    return services.survey_invite_members(survey=survey, actor=actor)

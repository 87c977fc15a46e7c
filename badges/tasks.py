"""Thin Celery tasks for recognition (named after the services they call)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT

from . import services
from .models import BadgeAward


@shared_task(acks_late=True, **RETRY_TRANSIENT)
def certificate_issue(award_id: int) -> None:
    """Issue the award's certificate unless it exists; a missing award is a no-op."""
    award = BadgeAward.objects.filter(pk=award_id).first()
    if award is not None:
        services.certificate_issue(award=award)

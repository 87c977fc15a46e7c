"""A credential's status is computed at request time, with one precedence:
revoked > superseded > expired > valid."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from badges.models import BadgeAward, Status
from badges.services import award_for_evidence, award_revoke, award_supersede

pytestmark = pytest.mark.django_db


def test_expiry_is_computed_when_asked_not_stored(member):
    award = award_for_evidence(badge="core-group-member", recipient=member.user, evidence_key="term:1")
    assert award.status() == Status.VALID
    with time_machine.travel(award.expires_at + timedelta(seconds=1)):
        assert BadgeAward.objects.get(pk=award.pk).status() == Status.EXPIRED


def test_status_precedence_is_revoked_then_superseded_then_expired_then_valid(staff, member):
    award = award_for_evidence(badge="core-group-member", recipient=member.user, evidence_key="term:2")
    later = award.expires_at + timedelta(days=1)
    assert award.status(now=later) == Status.EXPIRED
    new = award_supersede(award=award, actor=staff)
    award.refresh_from_db()
    assert award.status(now=later) == Status.SUPERSEDED  # superseded beats expired
    assert award.superseded_by == new and new.status() == Status.VALID
    award.revoked_at = timezone.now()  # revoked beats superseded (revoking a superseded one)
    assert award.status(now=later) == Status.REVOKED
    award_revoke(award=new, actor=staff, reason="Term cancelled.")
    new.refresh_from_db()
    assert new.status() == Status.REVOKED

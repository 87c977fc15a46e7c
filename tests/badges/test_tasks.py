"""The certificate task: run twice, one certificate; a missing award is a no-op."""

from __future__ import annotations

import pytest

from badges.models import Document
from badges.services import award_for_evidence
from badges.tasks import certificate_issue

pytestmark = pytest.mark.django_db


def test_certificate_issue_run_twice_issues_one_certificate(member):
    award = award_for_evidence(badge="course-completion", recipient=member.user, evidence_key="coaching.course:5")
    certificate_issue.delay(award.pk)
    certificate_issue.delay(award.pk)
    assert Document.objects.filter(award=award).count() == 1


def test_certificate_issue_for_a_missing_award_does_nothing():
    certificate_issue.delay(987654)
    assert not Document.objects.exists()

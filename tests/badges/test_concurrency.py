"""An automatic award happens exactly once even when the same evidence arrives in
several transactions at the same moment (real PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from badges.models import BadgeAward, Document
from badges.services import award_for_evidence, certificate_issue
from core.audit.models import AuditEntry
from core.outbox.models import Email
from tests.factories.badges import ensure_badge_classes
from tests.factories.members import ApprovedMemberFactory

THREADS = 6


def _race(target) -> list:
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run():
        try:
            barrier.wait(10)
            results.append(target())
        except Exception as error:  # collected, asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    return results


# serialized_rollback: these commit for real; the flush afterwards must not re-run
# post_migrate (it would recreate the role groups under new ids, which the browser tests'
# serialized data then collides with), and the migrations' rows must come back.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_awards_for_the_same_evidence_make_one_award_one_entry_one_email():
    ensure_badge_classes()
    user = ApprovedMemberFactory().user
    results = _race(
        lambda: award_for_evidence(badge="course-completion", recipient=user, evidence_key="coaching.course:1").pk
    )
    assert len(results) == THREADS and len(set(results)) == 1
    award = BadgeAward.objects.get()
    assert AuditEntry.objects.filter(action="badges.award.awarded", object_id=str(award.pk)).count() == 1
    assert Email.objects.filter(key__startswith="badges-awarded:").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_certificate_jobs_for_one_award_make_one_certificate():
    ensure_badge_classes()
    user = ApprovedMemberFactory().user
    award = award_for_evidence(badge="course-completion", recipient=user, evidence_key="coaching.course:2")
    results = _race(lambda: certificate_issue(award=award).pk)
    assert len(set(results)) == 1
    assert Document.objects.count() == 1
    assert AuditEntry.objects.filter(action="badges.document.issued").count() == 1

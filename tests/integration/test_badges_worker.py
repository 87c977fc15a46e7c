"""Certificates issued by a real Celery worker: each award's certificate task, published
twice, makes one certificate whose stored PDF matches its SHA-256."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from badges.models import Document
from badges.services import award_for_evidence
from badges.tasks import certificate_issue as certificate_issue_task
from tests.factories.badges import ensure_badge_classes
from tests.factories.members import ApprovedMemberFactory

from .harness import publishing_to, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    # serialized_rollback: start from the migrations' rows (content types, badge classes)
    # whatever the transactional tests before this one left behind.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(90),
]


def test_the_worker_issues_each_certificate_once_even_when_the_task_is_sent_twice(
    shared_broker_url, celery_worker_factory
):
    ContentType.objects.clear_cache()  # ids cached before earlier tests' flushes
    ensure_badge_classes()
    members = [ApprovedMemberFactory(full_name=name) for name in ("Zoë Ñúñez", "فاطمة الزهراء", "Kwame Mensah")]
    awards = [
        award_for_evidence(badge="course-completion", recipient=m.user, evidence_key="coaching.course:1")
        for m in members
    ]
    celery_worker_factory(
        broker_url=shared_broker_url, pool="prefork", concurrency=2, extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    )
    with publishing_to(shared_broker_url):
        for award in awards + awards:
            certificate_issue_task.delay(award.pk)
        wait_for(lambda: Document.objects.count() >= 3, timeout=60, message="three certificates")
    # Both copies of each task have run (or been refused) before we count again.
    wait_for(lambda: Document.objects.count() == 3, timeout=5, message="exactly three")
    for document in Document.objects.all():
        with document.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    assert {d.recipient_name for d in Document.objects.all()} == {"Zoë Ñúñez", "فاطمة الزهراء", "Kwame Mensah"}

"""A completion is recorded exactly once when many requests mark the last step at the
same moment (PostgreSQL, one connection per thread)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from coaching.courses import services
from coaching.courses.models import Completion, LessonProgress
from coaching.courses.signals import course_completed
from core.audit.models import AuditEntry
from core.outbox.models import Email

from .conftest import attend, steps

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(300),
]

THREADS = 12


def test_concurrent_marking_records_the_completion_exactly_once(member, course, enrolled):
    first, second, _third = steps(course, "session")
    attend(member, first)
    attend(member, second)
    lesson_a, lesson_b = steps(course, "lesson")
    LessonProgress.objects.create(
        enrollment=enrolled, step=lesson_a, opened_at=timezone.now(), completed_at=timezone.now()
    )
    LessonProgress.objects.create(enrollment=enrolled, step=lesson_b, opened_at=timezone.now())
    received = []
    course_completed.connect(
        lambda sender, **kw: received.append(kw["completion"].pk), weak=False, dispatch_uid="race"
    )
    barrier = threading.Barrier(THREADS)

    def mark(i: int):
        try:
            barrier.wait(timeout=30)
            if i % 2:
                return services.lesson_complete(step=lesson_b, user=member)
            return services.completion_check(enrollment=enrolled)
        finally:
            connection.close()

    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(mark, range(THREADS)))
    finally:
        course_completed.disconnect(dispatch_uid="race")

    completion = Completion.objects.get(course=course, user=member)
    # Every caller that saw the rule met got the one completion; none recorded a second.
    assert {r.pk for r in results if r is not None} == {completion.pk}
    assert received == [completion.pk]
    assert AuditEntry.objects.filter(action="coaching.course.completed").count() == 1
    assert Email.objects.filter(key=f"coaching.course.completed:{completion.pk}").count() == 1

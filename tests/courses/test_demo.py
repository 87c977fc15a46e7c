"""seed_demo's courses and coaching requests: a member halfway through, requests at stages."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.courses.demo import seed as seed_courses
from coaching.courses.models import Completion, Course
from coaching.courses.rules import progress_of
from coaching.demo import seed as seed_sessions
from coaching.requests.demo import seed as seed_requests
from coaching.requests.models import CoachingRequest
from tests.factories.funds import FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_course_has_a_member_halfway_and_requests_at_various_stages(member):
    for n in range(20):
        UserFactory(email=f"p{n}@example.org")
    FundingCallFactory(deadline=timezone.now() + timedelta(days=40))
    seed_sessions(stdout=io.StringIO())
    for _ in range(2):
        seed_courses(stdout=io.StringIO())
        seed_requests(stdout=io.StringIO())

    course = Course.objects.get()
    progress = progress_of(
        course=course, user=member, enrollment=course.enrollments.get(user=member)
    )
    assert 0 < progress.done_count < len(progress.steps)
    assert not Completion.objects.exists()
    assert (
        len(set(CoachingRequest.objects.filter(member=member).values_list("stage", flat=True))) == 3
    )

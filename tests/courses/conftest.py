import pytest

from events.models import Registration
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    LessonStepFactory,
    SessionStepFactory,
)
from tests.factories.events import RegistrationFactory
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="staff@ilo.example.org")


@pytest.fixture
def member(db):
    return ApprovedMemberFactory(user__email="member@example.org").user


@pytest.fixture
def course(db):
    """Three sessions (the first required; attend 2 of 3) and two lessons."""
    course = CourseFactory(min_sessions=2, badge_slug="course-completion")
    SessionStepFactory(course=course, position=1, required=True)
    SessionStepFactory(course=course, position=2)
    SessionStepFactory(course=course, position=3)
    LessonStepFactory(course=course, position=4)
    LessonStepFactory(course=course, position=5)
    return course


@pytest.fixture
def enrolled(member, course):
    return EnrollmentFactory(course=course, user=member)


def attend(user, step):
    RegistrationFactory(
        session=step.session, user=user, attendance=Registration.Attendance.ATTENDED
    )


def steps(course, kind):
    return list(course.steps.filter(kind=kind).order_by("position"))
